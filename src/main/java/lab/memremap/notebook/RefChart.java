package lab.memremap.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.model.Trace;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Reference-count charts from a machine's {@link Trace}: the pgmap's percpu_ref count (and, if asked,
 * a folio's refcount) against the logical clock, as a step line, with the driver operations that
 * caused each change marked along the top. The charts are ordinary XChart {@link XYChart}s (style them
 * further as you like); their {@code toString()} is their title, so a notebook output stays the same
 * from run to run. A percpu_ref in per-CPU mode has no single count: the stretch before the pgmap's ref
 * switches to atomic mode (the kernel can read its count only from there) is shaded, the line there is
 * the model's sum of the per-CPU parts, and the fold's "<= 0 after switching to atomic" warning is
 * marked where the kernel prints it.
 *
 * <pre>{@code RefChart.pgmap(m, pgmap).title("order-9 alloc and free").build()}</pre>
 */
public final class RefChart {
    /** An XYChart whose text form is its title rather than an identity hash code. */
    public static final class Chart extends XYChart {
        Chart(int width, int height) {
            super(width, height);
        }

        @Override public String toString() {
            return "chart: " + getTitle();
        }
    }

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x393b79), new Color(0x637939)};

    private record Line(String name, Machine m, String target) {}

    private final List<Line> lines = new ArrayList<>();
    private final Map<String, Long> marks = new LinkedHashMap<>();
    private String title = "pgmap->ref";
    private String yLabel = "pgmap->ref count";
    private boolean operations = true;
    private int width = 860;
    private int height = 380;

    private RefChart() {}

    /** The percpu_ref count of {@code pgmap} on machine {@code m}. */
    public static RefChart pgmap(Machine m, DevPagemap pgmap) {
        return new RefChart().add(pgmap.name + "->ref", m, pgmap);
    }

    /** An empty chart, to {@link #add} lines to (one per design, say). */
    public static RefChart lines() {
        RefChart c = new RefChart();
        c.operations = false;
        return c;
    }

    /** Adds the pgmap ref count of {@code pgmap} on {@code m} as a line called {@code name}. */
    public RefChart add(String name, Machine m, DevPagemap pgmap) {
        lines.add(new Line(name, m, pgmap.name + "->ref"));
        return this;
    }

    /** Adds the struct page refcount of {@code pfn} on {@code m} (folio_ref_count of a head) as a line. */
    public RefChart addPage(String name, Machine m, long pfn) {
        lines.add(new Line(name, m, String.format("pfn:0x%x", pfn)));
        return this;
    }

    public RefChart title(String t) {
        this.title = t;
        return this;
    }

    public RefChart yLabel(String y) {
        this.yLabel = y;
        return this;
    }

    /** Mark where each driver operation starts (on by default for a single machine). */
    public RefChart operations(boolean on) {
        this.operations = on;
        return this;
    }

    /** Marks a point of the run, such as the step where it goes wrong, with a red line and a label. */
    public RefChart mark(String label, long clock) {
        marks.put(label, clock);
        return this;
    }

    public RefChart size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    /** The points of one line as a step function: (clock, value) before and after every change. */
    static double[][] steps(Machine m, String target) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        Double prev = null;
        for (Trace.Event e : m.trace().events()) {
            if (!e.target().equals(target)) continue;
            if (prev != null) {
                xs.add((double) e.clock());
                ys.add(prev);
            }
            xs.add((double) e.clock());
            ys.add((double) e.value());
            prev = (double) e.value();
        }
        if (prev != null) {
            xs.add((double) Math.max(m.clock(), xs.get(xs.size() - 1).longValue()));
            ys.add(prev);
        }
        double[][] out = new double[2][xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            out[0][i] = xs.get(i);
            out[1][i] = ys.get(i);
        }
        return out;
    }

    public Chart build() {
        Chart c = new Chart(width, height);
        c.setTitle(title);
        c.setXAxisTitle("logical clock (one tick per kernel primitive)");
        c.setYAxisTitle(yLabel);
        org.knowm.xchart.style.XYStyler s = c.getStyler();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendVisible(lines.size() > 1 || !operations);
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        c.getStyler().setAnnotationTextFontColor(new Color(0x555555));
        c.getStyler().setAnnotationLineColor(new Color(0xbbbbbb));
        c.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
        c.getStyler().setYAxisDecimalPattern("#,##0");
        c.getStyler().setXAxisDecimalPattern("#,##0");
        double maxY = 1;
        double maxX = 1;
        List<double[][]> points = new ArrayList<>();
        for (Line l : lines) {
            double[][] pts = steps(l.m(), l.target());
            if (pts[0].length == 0) {   // never changed: a flat line at its current value
                double v = currentValue(l.m(), l.target());
                pts = new double[][] {{0, Math.max(1, l.m().clock())}, {v, v}};
            }
            points.add(pts);
            for (double y : pts[1]) maxY = Math.max(maxY, y);
            for (double x : pts[0]) maxX = Math.max(maxX, x);
        }
        double bottom = Math.min(0.0, minY()), top = maxY * 1.22 + 1;
        // Drawn first, so the lines run over it.
        long percpuUntil = percpuUntil(maxX + 1);
        if (percpuUntil > 0) shadePercpu(c, percpuUntil, bottom, top);
        int i = 0;
        for (Line l : lines) {
            double[][] pts = points.get(i);
            XYSeries series = c.addSeries(l.name(), pts[0], pts[1]);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(COLORS[i % COLORS.length]);
            series.setLineWidth(lines.size() > 1 ? 2.2f : 2.5f);
            i++;
        }
        s.setYAxisMin(bottom);
        s.setYAxisMax(top);
        s.setXAxisMin(0.0);
        s.setXAxisMax(maxX + 1);
        if (operations && !lines.isEmpty()) markOperations(c, lines.get(0).m(), top);
        markPercpuMode(c, percpuUntil, maxX + 1, maxY * 0.5);
        for (Map.Entry<String, Long> mk : marks.entrySet()) {
            AnnotationLine line = new AnnotationLine(mk.getValue(), true, false);
            c.addAnnotation(line);
            AnnotationText text = new AnnotationText(mk.getKey(), mk.getValue(), maxY * 1.12 + 1, false);
            c.addAnnotation(text);
        }
        return c;
    }

    /** The value of a count that no trace event changed: a page's refcount or a pgmap's count, read without a kernel step. */
    static double currentValue(Machine m, String target) {
        if (target.startsWith("pfn:0x")) {
            long pfn = Long.parseLong(target.substring(6), 16);
            try {
                return m.pfn_to_page(pfn)._refcount();
            } catch (IllegalArgumentException gone) {
                return 0;
            }
        }
        for (DevPagemap p : m.pgmaps()) if ((p.name + "->ref").equals(target)) return p.ref.count();
        return 0;
    }

    private double minY() {
        double min = 0;
        for (Line l : lines) for (double y : steps(l.m(), l.target())[1]) min = Math.min(min, y);
        return min;
    }

    /** The name of the series that shades per-CPU mode (not in the legend; its points are the shaded rectangle). */
    public static final String PERCPU_SERIES = "per-CPU mode: no single count";

    /**
     * The clock up to which no pgmap line on the chart has a count the kernel can read: the earliest switch
     * to atomic mode after percpu_ref_kill() of the pgmap lines, or {@code end} if none of them switches
     * within the chart; 0 if the chart has no pgmap line.
     */
    long percpuUntil(double end) {
        long until = -1;
        for (Line l : lines) {
            if (!l.target().endsWith("->ref")) continue;
            long atomic = RefGrid.atomicFrom(l.m(), l.target());
            long here = atomic < 0 ? (long) Math.ceil(end) : Math.min(atomic, (long) Math.ceil(end));
            until = until < 0 ? here : Math.min(until, here);
        }
        return Math.max(until, 0);
    }

    /** The part of the chart the kernel cannot observe, as a grey polygon series under the lines. */
    private static void shadePercpu(Chart c, long until, double bottom, double top) {
        XYSeries shade = c.addSeries(PERCPU_SERIES, new double[] {0, 0, until, until}, new double[] {bottom, top, top, bottom});
        shade.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        shade.setFillColor(new Color(0xeeeeee));
        shade.setLineStyle(SeriesLines.NONE);
        shade.setLineColor(new Color(0xeeeeee));
        shade.setMarker(SeriesMarkers.NONE);
        shade.setShowInLegend(false);
    }

    /**
     * Names the shaded stretch, marks where the ref becomes a single count the kernel can read (after
     * percpu_ref_kill() and its switch to atomic mode), and where the fold warned that the sum was <= 0.
     */
    private void markPercpuMode(Chart c, long until, double end, double y) {
        if (until <= 0) return;
        c.addAnnotation(new AnnotationText("per-CPU: no single count (the line is the model's sum)", until / 2.0, y * 0.3, false));
        if (until < end) {
            c.addAnnotation(new AnnotationLine(until, true, false));
            c.addAnnotation(new AnnotationText("per-CPU ◂ ▸ atomic", until, y, false));
        }
        for (long clock : folds()) c.addAnnotation(new AnnotationText("fold: <= 0, WARN", clock, y * 0.9, false));
    }

    /** The clocks at which the kernel printed "percpu ref ... <= 0 ... after switching to atomic" for a pgmap line. */
    java.util.SortedSet<Long> folds() {
        java.util.SortedSet<Long> folds = new java.util.TreeSet<>();
        for (Line l : lines)
            if (l.target().endsWith("->ref"))
                for (KernelLog.Entry e : l.m().log().of(KernelLog.Kind.PERCPU_UNDERFLOW)) folds.add(e.clock());
        return folds;
    }

    /** A dashed line and a label where each new driver operation's first count change happens. */
    private static void markOperations(Chart c, Machine m, double top) {
        Map<String, Long> starts = new LinkedHashMap<>();
        String prev = null;
        for (Trace.Event e : m.trace().events()) {
            if (e.operation().isEmpty() || e.operation().equals(prev)) continue;
            prev = e.operation();
            starts.putIfAbsent(e.operation() + "#" + starts.size(), e.clock());
        }
        int k = 0;
        for (Map.Entry<String, Long> e : starts.entrySet()) {
            String label = e.getKey().substring(0, e.getKey().lastIndexOf('#'));
            c.addAnnotation(new AnnotationLine(e.getValue(), true, false));
            double y = top * (k % 2 == 0 ? 0.95 : 0.87);
            c.addAnnotation(new AnnotationText(label, e.getValue() + 0.2, y, false));
            k++;
        }
    }
}
