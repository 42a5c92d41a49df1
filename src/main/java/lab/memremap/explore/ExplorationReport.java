package lab.memremap.explore;

import java.util.List;
import lab.memremap.model.Design;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What an exploration found on one design: a 1-minimal counterexample per distinct failure (hard
 * failures first, then WARNs and model refusals), and how much was searched.
 */
public final class ExplorationReport implements Displayable {
    private final Design design;
    private final List<Setup> setups;
    private final List<Counterexample> found;
    private final Explorer.Stats stats;
    private final String settings;

    ExplorationReport(Design design, List<Setup> setups, List<Counterexample> found, Explorer.Stats stats, String settings) {
        this.design = design;
        this.setups = List.copyOf(setups);
        this.found = List.copyOf(found);
        this.stats = stats;
        this.settings = settings;
    }

    public Design design() {
        return design;
    }

    /** Every counterexample, hard failures first, fewest calls first within a class. */
    public List<Counterexample> counterexamples() {
        return found;
    }

    /** Counterexamples of hard failures (BUG, hung task, percpu_ref underflow, use after free, invariant). */
    public List<Counterexample> hardFailures() {
        return found.stream().filter(c -> c.failure().kind().hard()).toList();
    }

    /** Counterexamples of WARN splats (the kernel went on). */
    public List<Counterexample> warnings() {
        return found.stream().filter(c -> c.failure().kind() == FailureClass.WARN).toList();
    }

    /** Counterexamples of the model's own invariants (FailureClass.NOTE): what the kernel does not report. */
    public List<Counterexample> notes() {
        return found.stream().filter(c -> c.failure().kind() == FailureClass.NOTE).toList();
    }

    /** Counterexamples where the model refused to go on (not kernel failures; shown so nothing is hidden). */
    public List<Counterexample> modelErrors() {
        return found.stream().filter(c -> c.failure().kind() == FailureClass.MODEL_ERROR).toList();
    }

    public List<Counterexample> of(FailureClass kind) {
        return found.stream().filter(c -> c.failure().kind() == kind).toList();
    }

    /** The counterexample of a hard failure with the fewest calls among those found (each 1-minimal), or null. */
    public Counterexample shortest() {
        return hardFailures().stream().min(java.util.Comparator.comparingInt(Counterexample::operations)).orElse(null);
    }

    /** Runs executed (scenarios replayed from boot), search states kept, states pruned as seen before. */
    public long runs() {
        return stats.runs;
    }

    public long states() {
        return stats.states;
    }

    public long pruned() {
        return stats.pruned;
    }

    public long pairRuns() {
        return stats.pairRuns;
    }

    public long randomWalks() {
        return stats.randomRuns;
    }

    public long shrinkRuns() {
        return stats.shrinkRuns;
    }

    /** Kernel primitives executed over the whole search. */
    public long primitives() {
        return stats.steps;
    }

    /** One row per counterexample: class, site, calls, CPUs, the calls. */
    public Table toTable() {
        Table t = Table.create("explorer: " + design.name() + " — " + design.title(),
                StringColumn.create("class"), StringColumn.create("site"), IntColumn.create("calls"),
                StringColumn.create("cpus"), StringColumn.create("setup"), StringColumn.create("scenario"));
        for (Counterexample c : found) {
            t.stringColumn("class").append(c.failure().kind().name());
            t.stringColumn("site").append(c.failure().site());
            t.intColumn("calls").append(c.operations());
            t.stringColumn("cpus").append(c.usesTwoCpus() ? "2" : "1");
            t.stringColumn("setup").append(c.setup().toString());
            t.stringColumn("scenario").append(String.join("; ", c.steps().stream().map(s -> s.label(c.setup())).toList()));
        }
        return t;
    }

    private String header() {
        return String.format("%s (%s): %d hard failure(s), %d warning(s), %d model note(s), %d model refusal(s)%n"
                + "searched: %d runs, %d states (%d pruned as seen), %d two-CPU runs, %d random walks, %d shrink runs%n"
                + "settings: %s%nsetups: %s", design.name(), design.title(), hardFailures().size(), warnings().size(),
                notes().size(), modelErrors().size(), stats.runs, stats.states, stats.pruned, stats.pairRuns, stats.randomRuns,
                stats.shrinkRuns, settings, setups);
    }

    @Override public String toText() {
        StringBuilder sb = new StringBuilder(header()).append("\n\n");
        for (Counterexample c : found) sb.append(c.toText()).append('\n');
        return sb.toString();
    }

    @Override public String toHtml() {
        StringBuilder sb = new StringBuilder("<div><pre>").append(Html.escape(header())).append("</pre>");
        for (Counterexample c : found) sb.append(c.toHtml());
        return sb.append("</div>").toString();
    }

    @Override public String toString() {
        return toText();
    }
}
