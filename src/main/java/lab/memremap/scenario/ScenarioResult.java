package lab.memremap.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lab.memremap.model.Design;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Trace;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** What one scenario did on one design: outcome classes, notes, the kernel log, the ref-count trace. */
public final class ScenarioResult implements Displayable {
    private final Scenario scenario;
    private final Design design;
    private final Machine machine;
    private final EnumSet<Outcome> outcomes;
    private final List<String> observations;
    private final List<String> staleNotes;
    private final List<String> violations;
    private final Map<String, Long> finalRefs;
    private final String stopped;
    private final String notApplicable;
    private final List<ScenarioContext.Op> ops;

    ScenarioResult(Scenario scenario, Design design, Machine machine, EnumSet<Outcome> outcomes, List<String> observations,
                   List<String> staleNotes, List<String> violations, Map<String, Long> finalRefs, String stopped,
                   String notApplicable, List<ScenarioContext.Op> ops) {
        this.scenario = scenario;
        this.design = design;
        this.machine = machine;
        this.outcomes = outcomes;
        this.observations = observations;
        this.staleNotes = staleNotes;
        this.violations = violations;
        this.finalRefs = finalRefs;
        this.stopped = stopped;
        this.notApplicable = notApplicable;
        this.ops = ops;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Design design() {
        return design;
    }

    public Machine machine() {
        return machine;
    }

    /** The set of outcome classes; {OK} when nothing went wrong, {NA} when the design cannot express it. */
    public EnumSet<Outcome> outcomes() {
        return EnumSet.copyOf(outcomes);
    }

    public boolean has(Outcome o) {
        return outcomes.contains(o);
    }

    /** The outcomes as the matrix prints them, e.g. "WARN+LEAK". */
    public String cell() {
        return outcomes.stream().map(Outcome::name).collect(Collectors.joining("+"));
    }

    public List<String> observations() {
        return observations;
    }

    public List<String> staleNotes() {
        return staleNotes;
    }

    public List<String> invariantViolations() {
        return violations;
    }

    /** Each pgmap's percpu_ref count at the end (logical count: initial ref + gets - puts). */
    public Map<String, Long> finalRefs() {
        return finalRefs;
    }

    /** Why the run ended early (hung task, oops), or null. */
    public String stopped() {
        return stopped;
    }

    public String notApplicable() {
        return notApplicable;
    }

    /** The recorded operations (what the diff compares). */
    public List<ScenarioContext.Op> ops() {
        return ops;
    }

    /**
     * The same scenario on the same design under CONFIG_DEBUG_VM=n: what a production kernel does and
     * prints. VM_BUG_ON and VM_WARN_ON are compiled out there, which changes outcomes (S7 and S9: the
     * BUG in put_page_testzero() becomes a silent underflow). Shows both cells and the production log.
     */
    public ProductionView productionView() {
        return new ProductionView(this, scenario.withConfig(machine.config.withDebugVm(false)).run(design));
    }

    /** What the kernel printed: only lines in the kernel's own formats. */
    public KernelLog log() {
        return machine.log();
    }

    /** What the workbench adds: its own analysis, never printed by a kernel (see {@link ModelNotes}). */
    public ModelNotes notes() {
        return machine.notes();
    }

    public Trace trace() {
        return machine.trace();
    }

    /** The ref-count trace as a table (clock, cpu, operation, function, target, delta, value). */
    public Table traceTable() {
        return machine.trace().toTable();
    }

    @Override public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(scenario.id()).append(" on ").append(design.name()).append(" (").append(design.title()).append("): ")
                .append(cell()).append('\n');
        sb.append("  ").append(scenario.purpose()).append('\n');
        if (notApplicable != null) sb.append("  n/a: ").append(notApplicable).append('\n');
        for (String o : observations) sb.append("  observed: ").append(o).append('\n');
        for (String s : staleNotes) sb.append("  stale: ").append(s).append('\n');
        for (String v : violations) sb.append("  invariant: ").append(v).append('\n');
        if (stopped != null) sb.append("  stopped: ").append(stopped).append('\n');
        sb.append("  final pgmap refs: ").append(finalRefs).append('\n');
        sb.append("\nkernel log (what the kernel prints):\n").append(machine.log().dmesg());
        if (!machine.notes().isEmpty())
            sb.append("\nworkbench notes (the model's analysis; no kernel prints these):\n").append(machine.notes().toText());
        return sb.toString();
    }

    /**
     * The ref-count trace laid out for a terminal, one event per line; the workbench's notes are
     * interleaved at their clock, each on a line of its own that starts with "[model]".
     */
    public String traceText() {
        StringBuilder sb = new StringBuilder(String.format("%6s %3s  %-28s %-26s %-22s %6s %6s%n", "clock", "cpu",
                "operation", "function", "target", "delta", "value"));
        List<ModelNotes.Note> notes = machine.notes().entries();
        int n = 0;
        for (Trace.Event e : machine.trace().events()) {
            for (; n < notes.size() && notes.get(n).clock() < e.clock(); n++) sb.append(noteLine(notes.get(n)));
            sb.append(String.format("%6d %3s  %-28.28s %-26.26s %-22.22s %+6d %6d%n", e.clock(), (char) ('A' + e.cpu()),
                    e.operation(), e.function(), e.target(), e.delta(), e.value()));
        }
        for (; n < notes.size(); n++) sb.append(noteLine(notes.get(n)));
        return sb.toString();
    }

    private static String noteLine(ModelNotes.Note note) {
        return String.format("%6d %3s  %s%s: %s%n", note.clock(), (char) ('A' + note.cpu()), ModelNotes.PREFIX,
                note.kind().name().toLowerCase(), note.firstLine());
    }

    /**
     * Everything in one table, ordered by clock, with a channel column that says whose line it is:
     * "kernel log" (what the kernel prints), "model note" (the workbench's analysis) or "ref trace"
     * (a traced count change).
     */
    public Table timeline() {
        Table t = Table.create("timeline — kernel log, model notes and ref trace", LongColumn.create("clock"),
                IntColumn.create("cpu"), StringColumn.create("channel"), StringColumn.create("function"),
                StringColumn.create("text"));
        List<Object[]> rows = new ArrayList<>();
        for (KernelLog.Entry e : machine.log().entries())
            rows.add(new Object[] {e.clock(), e.cpu(), "kernel log", e.function(), e.firstLine()});
        for (ModelNotes.Note note : machine.notes().entries())
            rows.add(new Object[] {note.clock(), note.cpu(), "model note", note.function(), note.firstLine()});
        for (Trace.Event e : machine.trace().events())
            rows.add(new Object[] {e.clock(), e.cpu(), "ref trace", e.function(),
                    String.format("%s %+d = %d", e.target(), e.delta(), e.value())});
        rows.sort(Comparator.comparingLong(r -> (Long) r[0]));
        for (Object[] r : rows) {
            t.longColumn("clock").append((Long) r[0]);
            t.intColumn("cpu").append((Integer) r[1]);
            t.stringColumn("channel").append((String) r[2]);
            t.stringColumn("function").append((String) r[3]);
            t.stringColumn("text").append((String) r[4]);
        }
        return t;
    }

    @Override public String toHtml() {
        StringBuilder sb = new StringBuilder("<div><b>").append(Html.escape(scenario.id())).append(" on ")
                .append(Html.escape(design.name())).append("</b>: <code>").append(cell()).append("</code><br/>")
                .append(Html.escape(scenario.purpose())).append("<ul>");
        for (String o : observations) sb.append("<li>observed: ").append(Html.escape(o)).append("</li>");
        for (String s : staleNotes) sb.append("<li>stale: ").append(Html.escape(s)).append("</li>");
        for (String v : violations) sb.append("<li>invariant: ").append(Html.escape(v)).append("</li>");
        if (stopped != null) sb.append("<li>stopped: ").append(Html.escape(stopped)).append("</li>");
        sb.append("<li>final pgmap refs: ").append(Html.escape(finalRefs.toString())).append("</li></ul>");
        sb.append(machine.log().toHtml());
        if (!machine.notes().isEmpty()) sb.append(machine.notes().toHtml());
        sb.append("</div>");
        return sb.toString();
    }

    @Override public String toString() {
        return scenario.id() + "/" + design.name() + ": " + cell();
    }
}
