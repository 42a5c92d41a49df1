package lab.memremap.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import lab.memremap.model.Machine;
import lab.memremap.model.MemmapPicture;
import lab.memremap.model.Trace;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One scenario run on one design, recorded by {@link StepWatch} at every kernel primitive: after each
 * step, the memmap picture of the pages the scenario touches, every pgmap's ref count, and how far the
 * kernel log had got. Everything is read during the run and kept; afterwards nothing runs the model again,
 * so any thread may read a step (a widget callback does), and the same step always looks the same.
 *
 * <pre>{@code ScenarioSteps s = StepWatch.scenario(Scenarios.S1, Designs.D4);
 * s.picture(3)      // the pages after step 3}</pre>
 */
public final class ScenarioSteps implements Displayable {
    /** Pages shown at most: the first ones the scenario touches, each with the tail after it. */
    static final int MAX_PAGES = 10;
    /** Rows of the step table in the text and HTML fallback; the rest is summarised. */
    static final int MAX_TABLE_ROWS = 400;

    /** The state after a step (or before the first, for step 0). */
    public record Frame(Map<String, Long> refs, MemmapPicture picture, int logSize) {}

    /** Step {@code number} (from 1): the primitive that ran, when and where, and the state after it. */
    public record Step(int number, long clock, int cpu, String function, Frame after) {}

    private final ScenarioResult result;
    private final Frame initial;
    private final List<Step> steps;
    private final List<DevPagemap> pgmaps;
    private final Map<Integer, byte[]> charts = new ConcurrentHashMap<>();

    private ScenarioSteps(ScenarioResult result, Frame initial, List<Step> steps, List<DevPagemap> pgmaps) {
        this.result = result;
        this.initial = initial;
        this.steps = List.copyOf(steps);
        this.pgmaps = List.copyOf(pgmaps);
    }

    static ScenarioSteps record(Scenario scenario, Design design) {
        if (scenario == null || design == null) throw new IllegalArgumentException("StepWatch.scenario: scenario or design is null");
        // First run: which pages does it touch? The model is deterministic, so the second run touches the same.
        long[] pfns = touchedPages(scenario.run(design));
        Map<String, DevPagemap> seen = new LinkedHashMap<>();
        List<Frame> initialFrame = new ArrayList<>();
        List<StepRecorder<Frame>> recorder = new ArrayList<>();
        Machine[] machine = new Machine[1];
        ScenarioResult result = scenario.run(design, m -> {
            machine[0] = m;
            initialFrame.add(frame(m, pfns, seen));
            recorder.add(StepRecorder.attach(m, next -> frame(m, pfns, seen)));
        });
        StepRecorder<Frame> r = recorder.get(0);
        r.stop();
        Frame last = frame(machine[0], pfns, seen);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < r.functions.size(); i++) {
            long[] clock = r.clocks.get(i);
            steps.add(new Step(i + 1, clock[0], (int) clock[1], r.functions.get(i), r.after(i, last)));
        }
        return new ScenarioSteps(result, initialFrame.get(0), steps, new ArrayList<>(seen.values()));
    }

    private static Frame frame(Machine m, long[] pfns, Map<String, DevPagemap> seen) {
        Map<String, Long> refs = new LinkedHashMap<>();
        for (DevPagemap p : m.pgmaps()) {
            refs.put(p.name, p.ref.count());
            seen.putIfAbsent(p.name, p);
        }
        // Read as an onlooker: the recording must not change the run it records.
        MemmapPicture picture = pfns.length == 0 ? null : m.peek(() -> MemmapPicture.ofPfns(m, pfns).freeze());
        return new Frame(Map.copyOf(refs), picture, m.log().size());
    }

    /** The pages whose refcount the run changed, each with the page after it (word 1 of a first tail). */
    static long[] touchedPages(ScenarioResult run) {
        TreeSet<Long> pfns = new TreeSet<>();
        for (Trace.Event e : run.trace().events()) {
            if (!e.target().startsWith("pfn:0x")) continue;
            long pfn = Long.parseLong(e.target().substring(6), 16);
            if (pfns.size() >= MAX_PAGES) break;
            pfns.add(pfn);
            pfns.add(pfn + 1);
        }
        return pfns.stream().limit(MAX_PAGES).mapToLong(Long::longValue).toArray();
    }

    public ScenarioResult result() {
        return result;
    }

    public Scenario scenario() {
        return result.scenario();
    }

    public Design design() {
        return result.design();
    }

    /** The number of kernel primitives the run made. */
    public int size() {
        return steps.size();
    }

    public List<Step> steps() {
        return steps;
    }

    /** Step {@code k} from 1; step 0 does not exist (see {@link #frame}). */
    public Step step(int k) {
        if (k < 1 || k > steps.size()) throw new IllegalArgumentException("ScenarioSteps.step: " + k + " is outside 1.." + steps.size());
        return steps.get(k - 1);
    }

    /** The state after step {@code k}; k = 0 is the machine as booted, before the first step. */
    public Frame frame(int k) {
        if (k < 0 || k > steps.size()) throw new IllegalArgumentException("ScenarioSteps.frame: " + k + " is outside 0.." + steps.size());
        return k == 0 ? initial : steps.get(k - 1).after();
    }

    /** The memmap picture after step {@code k}, or null when the scenario touches no struct page. */
    public MemmapPicture picture(int k) {
        return frame(k).picture();
    }

    /** The kernel log as it stood after step {@code k}. */
    public String log(int k) {
        return result.log().dmesg(frame(k).logSize());
    }

    public String logHtml(int k) {
        return result.log().toHtml(frame(k).logSize());
    }

    /** The clock after step {@code k}: what the chart marks. */
    public long clock(int k) {
        return k == 0 ? 0 : step(k).clock();
    }

    /** The pgmap ref-count chart of the whole run as a PNG, with step {@code k} marked; drawn once per step. */
    public byte[] chartPng(int k) {
        frame(k);
        return charts.computeIfAbsent(k, this::drawChart);
    }

    private synchronized byte[] drawChart(int k) {
        RefChart c = RefChart.lines().title(result.scenario().id() + " on " + result.design().name() + ": pgmap->ref")
                .size(640, 260);
        for (DevPagemap p : pgmaps) c.add(p.name + "->ref", result.machine(), p);
        RefChart.Chart chart = c.build();
        double top = chart.getStyler().getYAxisMax() == null ? 1 : chart.getStyler().getYAxisMax();
        double bottom = chart.getStyler().getYAxisMin() == null ? 0 : chart.getStyler().getYAxisMin();
        double x = clock(k);
        XYSeries marker = chart.addSeries("step " + k, new double[] {x, x}, new double[] {bottom, top});
        marker.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        marker.setMarker(SeriesMarkers.NONE);
        marker.setLineColor(new Color(0xd62728));
        marker.setLineStyle(new BasicStroke(2f));
        try {
            return fastPng(BitmapEncoder.getBufferedImage(chart));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("ScenarioSteps.chartPng: cannot encode the chart of step " + k, e);
        }
    }

    /** PNG with light compression: a mostly white chart stays small, and encoding takes half the time. */
    static byte[] fastPng(java.awt.image.BufferedImage image) throws java.io.IOException {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.75f);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** One line per step: number, clock, cpu, primitive, the pgmap counts after it. */
    private List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (Step s : steps) {
            StringBuilder refs = new StringBuilder();
            new java.util.TreeMap<>(s.after().refs()).forEach((n, v) -> refs.append(refs.length() == 0 ? "" : ", ").append(n).append('=').append(v));
            rows.add(new String[] {String.valueOf(s.number()), String.valueOf(s.clock()), String.valueOf(s.cpu()), s.function(),
                refs.toString()});
        }
        return rows;
    }

    private static final String[] HEADERS = {"step", "clock", "cpu", "kernel primitive", "pgmap refs after"};

    private String caption() {
        return result.scenario().id() + " on " + result.design().name() + ": " + result.cell() + ", " + steps.size() + " steps";
    }

    @Override public String toText() {
        List<String[]> rows = rows();
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        cells.addAll(rows.subList(0, Math.min(rows.size(), MAX_TABLE_ROWS)));
        int[] w = new int[HEADERS.length];
        for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
        StringBuilder sb = new StringBuilder(caption()).append('\n');
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) line.append(String.format("%-" + w[i] + "s", c[i])).append("  ");
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (rows.size() > MAX_TABLE_ROWS) sb.append("... ").append(rows.size() - MAX_TABLE_ROWS).append(" more steps\n");
        return sb.toString();
    }

    @Override public String toHtml() {
        List<String[]> rows = rows();
        StringBuilder sb = new StringBuilder("<table style=\"font-family:monospace\">");
        sb.append("<caption>").append(Html.escape(caption())).append("</caption><tr>");
        for (String h : HEADERS) sb.append("<th>").append(Html.escape(h)).append("</th>");
        sb.append("</tr>");
        for (String[] r : rows.subList(0, Math.min(rows.size(), MAX_TABLE_ROWS))) {
            sb.append("<tr>");
            for (String c : r) sb.append("<td>").append(Html.escape(c)).append("</td>");
            sb.append("</tr>");
        }
        if (rows.size() > MAX_TABLE_ROWS) {
            sb.append("<tr><td colspan=\"5\">&#8942; ").append(rows.size() - MAX_TABLE_ROWS).append(" more steps</td></tr>");
        }
        return sb.append("</table>").toString();
    }

    /**
     * The steps as one paragraph: "1 memremap_pages (xe-vram=0) → 2 percpu_ref_init (xe-vram=1) → ...", the
     * counts only where they change, the CPU where it changes. What a reader without widgets needs to
     * follow the run; the table would repeat every unchanged count.
     */
    public String sequenceHtml() {
        StringBuilder sb = new StringBuilder("<p style=\"font-family:monospace\">");
        String refs = null;
        int cpu = -1;
        boolean twoCpus = steps.stream().map(Step::cpu).distinct().count() > 1;
        for (String[] r : rows()) {
            if (refs != null) sb.append(" &rarr; ");
            int c = Integer.parseInt(r[2]);
            if (twoCpus && c != cpu) sb.append("<b>[CPU ").append((char) ('A' + c)).append("]</b> ");
            cpu = c;
            sb.append(r[0]).append(' ').append(Html.escape(r[3]));
            if (!r[4].equals(refs)) sb.append(" (").append(Html.escape(r[4])).append(')');
            refs = r[4];
        }
        return sb.append("</p>").toString();
    }

    @Override public String toString() {
        return caption();
    }
}
