package lab.memremap.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.memremap.model.Design;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import lab.memremap.model.Trace;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A 1-minimal scenario (no single step can be removed) that makes a design fail, as the explorer found and shrank it: the steps, the
 * failure it shows, and the ways to look at it — the Java code that replays it in a cell, a table
 * of its steps, the full kernel log of a replay, and a chart of the ref counts along it.
 */
public final class Counterexample implements Displayable {
    private final Design design;
    private final Setup setup;
    private final List<Step> steps;
    private final Failure failure;
    private Run replay;

    Counterexample(Design design, Setup setup, List<Step> steps, Failure failure) {
        this.design = design;
        this.setup = setup;
        this.steps = List.copyOf(steps);
        this.failure = failure;
    }

    public Design design() {
        return design;
    }

    public Setup setup() {
        return setup;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The failure this scenario shows (on its last step). */
    public Failure failure() {
        return failure;
    }

    /** Driver calls in the scenario (a two-CPU step counts its two calls). */
    public int operations() {
        return Shrinker.size(steps);
    }

    public boolean usesTwoCpus() {
        return steps.stream().anyMatch(Step::isPair);
    }

    /**
     * Replays the scenario on a fresh machine with the full trace, then lets the driver evict
     * everything and unload, so a leak ends in the hung memunmap_pages() the kernel would report.
     */
    public Run replay() {
        if (replay == null) replay = Run.execute(design, setup, steps, true, true);
        return replay;
    }

    /** True when a fresh replay fails the same way (class and site). */
    public boolean reproduces() {
        return Run.execute(design, setup, steps, false, false).failures().stream()
                .anyMatch(f -> f.signature().equals(failure.signature()));
    }

    /** The scenario as code a reader can paste into a notebook cell. */
    public String toCode() {
        StringBuilder sb = new StringBuilder();
        sb.append("// ").append(design.name()).append(": ").append(failure.kind()).append(" at ").append(failure.site()).append('\n');
        sb.append("var d = lab.memremap.explore.Driver.boot(").append(designCode()).append(", lab.memremap.explore.")
                .append(setup.toCode()).append(");\n");
        for (Step s : steps) sb.append(s.toCode()).append('\n');
        sb.append("d.evictAll();   // unload: evict everything, memunmap_pages()\n");
        sb.append("d.machine().log()");
        return sb.toString();
    }

    private String designCode() {
        Class<?> c = design.getClass();
        boolean plain = c.getEnclosingClass() == null && !c.isAnonymousClass() && !c.isLocalClass()
                && c.getName().startsWith("lab.memremap.design.");
        return plain ? "new " + c.getName() + "()" : "design /* your " + design.name() + " */";
    }

    /** One row per driver call: step, CPU, call, and the failure on the step where it appears. */
    public Table toTable() {
        Table t = Table.create(design.name() + ": " + failure.kind() + " — " + setup,
                IntColumn.create("step"), StringColumn.create("cpu"), StringColumn.create("call"),
                StringColumn.create("schedule"), StringColumn.create("failure"));
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String fail = i == failure.step() ? failure.kind() + ": " + failure.message() : "";
            addRow(t, i + 1, "A", s.a().label(setup), s.isPair() ? s.schedule() : "", s.isPair() ? "" : fail);
            if (s.isPair()) addRow(t, i + 1, "B", s.b().label(setup), s.schedule(), fail);
        }
        return t;
    }

    private static void addRow(Table t, int step, String cpu, String call, String schedule, String failure) {
        t.intColumn("step").append(step);
        t.stringColumn("cpu").append(cpu);
        t.stringColumn("call").append(call);
        t.stringColumn("schedule").append(schedule);
        t.stringColumn("failure").append(failure);
    }

    /** The pgmap ref count of every pgmap against the logical clock, along a replay (epilogue included). */
    public XYChart refCountChart() {
        Trace trace = replay().driver().machine().trace();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Trace.Event e : trace.events()) {
            if (e.target().startsWith("pfn:")) continue;
            series.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(new double[] {e.clock(), e.value()});
        }
        XYChart chart = new XYChartBuilder().width(720).height(360)
                .title(design.name() + ": pgmap ref count along the counterexample")
                .xAxisTitle("clock (kernel primitives)").yAxisTitle("ref count").build();
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            double[] x = s.getValue().stream().mapToDouble(v -> v[0]).toArray();
            double[] y = s.getValue().stream().mapToDouble(v -> v[1]).toArray();
            chart.addSeries(s.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        if (series.isEmpty()) chart.addSeries("(no pgmap ref events)", new double[] {0}, new double[] {0});
        return chart;
    }

    /** The refcount of each folio head the scenario touched, against the logical clock. */
    public XYChart folioRefCountChart() {
        Trace trace = replay().driver().machine().trace();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Trace.Event e : trace.events())
            if (e.target().startsWith("pfn:"))
                series.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(new double[] {e.clock(), e.value()});
        XYChart chart = new XYChartBuilder().width(720).height(360)
                .title(design.name() + ": folio refcounts along the counterexample")
                .xAxisTitle("clock (kernel primitives)").yAxisTitle("refcount").build();
        for (Map.Entry<String, List<double[]>> s : series.entrySet())
            chart.addSeries(s.getKey(), s.getValue().stream().mapToDouble(v -> v[0]).toArray(),
                    s.getValue().stream().mapToDouble(v -> v[1]).toArray()).setMarker(SeriesMarkers.CIRCLE);
        if (series.isEmpty()) chart.addSeries("(no refcount events)", new double[] {0}, new double[] {0});
        return chart;
    }

    /** What the replay shows after the failing step: the classes of every failure, in order (epilogue included). */
    public List<Failure> consequences() {
        return replay().failures();
    }

    @Override public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s on %s: %s (%d call%s%s)%n", failure.kind(), design.name(), failure.site(), operations(),
                operations() == 1 ? "" : "s", usesTwoCpus() ? ", two CPUs" : ""));
        for (int i = 0; i < steps.size(); i++)
            sb.append(String.format("  %d. %s%n", i + 1, steps.get(i).label(setup)));
        sb.append("  => ").append(failure.message()).append('\n');
        return sb.toString();
    }

    @Override public String toHtml() {
        StringBuilder sb = new StringBuilder("<div><b>").append(Html.escape(failure.kind() + " on " + design.name()))
                .append("</b>: ").append(Html.escape(failure.site())).append("<ol>");
        for (Step s : steps) sb.append("<li><code>").append(Html.escape(s.label(setup))).append("</code></li>");
        sb.append("</ol><pre>").append(Html.escape(failure.message())).append("</pre><pre>")
                .append(Html.escape(toCode())).append("</pre></div>");
        return sb.toString();
    }

    @Override public String toString() {
        return toText();
    }
}
