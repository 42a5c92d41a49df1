package lab.memremap.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lab.memremap.matrix.MatrixResult;
import lab.memremap.matrix.Palette;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.model.Page;
import lab.memremap.model.PageFlagBits;
import lab.memremap.model.Trace;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Outcome;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The workbook's charts: XChart objects or BufferedImages (PNG via {@link #png}), colours from the
 * Okabe-Ito palette so that colour-blind readers can tell the series apart. No notebook code here.
 */
public final class Charts {
    private Charts() {}

    /** Okabe-Ito series colours (without black and yellow, which read badly as thin lines). */
    static final Color[] SERIES = {new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
        new Color(0xCC, 0x79, 0xA7), new Color(0x56, 0xB4, 0xE9), new Color(0xE6, 0x9F, 0x00), new Color(0x40, 0x40, 0x40)};

    /**
     * The pgmap percpu_ref count over the logical clock for one scenario, a series per design, with
     * each design's memunmap_pages kill point and, where teardown never finishes, "would hang here".
     * {@code pgmapName} picks the pgmap (null = the first one).
     */
    public static XYChart refCount(Scenario scenario, String pgmapName, Design... designs) {
        List<ScenarioResult> runs = new ArrayList<>();
        for (Design d : designs) runs.add(scenario.run(d));
        return refCount(runs, pgmapName);
    }

    public static XYChart refCount(List<ScenarioResult> runs, String pgmapName) {
        if (runs.isEmpty()) throw new IllegalArgumentException("Charts.refCount: no runs");
        XYChart chart = new XYChartBuilder().width(900).height(420)
                .title(runs.get(0).scenario().id() + ": pgmap percpu_ref count").xAxisTitle("logical clock (kernel primitives)")
                .yAxisTitle("percpu_ref count").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int k = 0;
        for (ScenarioResult r : runs) {
            String target = target(r.machine(), pgmapName);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double kill = -1;
            for (Trace.Event e : r.trace().events()) {
                if (!e.target().equals(target)) continue;
                if (!xs.isEmpty()) { xs.add((double) e.clock()); ys.add(ys.get(ys.size() - 1)); }   // step shape
                xs.add((double) e.clock());
                ys.add((double) e.value());
                if (e.function().equals("percpu_ref_kill")) kill = e.clock();
            }
            if (xs.isEmpty()) continue;
            Color c = SERIES[k++ % SERIES.length];
            XYSeries s = chart.addSeries(r.design().name() + " (" + r.cell() + ")", xs, ys);
            s.setLineColor(c);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(2f));
            if (kill >= 0) {
                chart.addAnnotation(new AnnotationLine(kill, true, false));
                chart.addAnnotation(new AnnotationText("kill " + r.design().name(), kill, ys.get(ys.size() - 1) + 0.5, false));
            }
            for (KernelLog.Entry e : r.log().of(KernelLog.Kind.HUNG))
                if (e.text().contains("memunmap_pages"))
                    chart.addAnnotation(new AnnotationText(r.design().name() + ": would hang here", e.clock(), ys.get(ys.size() - 1), false));
        }
        return chart;
    }

    private static String target(Machine m, String pgmapName) {
        for (DevPagemap p : m.pgmaps())
            if (pgmapName == null || p.name.equals(pgmapName)) return p.name + "->ref";
        throw new IllegalArgumentException("Charts: no pgmap \"" + pgmapName + "\"; pgmaps: " + m.pgmaps());
    }

    /** Page/folio refcounts over the logical clock (one series per pfn whose refcount changed). */
    public static XYChart folioRefcounts(ScenarioResult r) {
        XYChart chart = new XYChartBuilder().width(900).height(380)
                .title(r.scenario().id() + " on " + r.design().name() + ": folio refcounts").xAxisTitle("logical clock")
                .yAxisTitle("_refcount").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        java.util.Map<String, List<double[]>> byPfn = new java.util.LinkedHashMap<>();
        for (Trace.Event e : r.trace().events())
            if (e.target().startsWith("pfn:")) byPfn.computeIfAbsent(e.target(), x -> new ArrayList<>()).add(new double[] {e.clock(), e.value()});
        int k = 0;
        for (var en : byPfn.entrySet()) {
            if (k == 12) break;
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] p : en.getValue()) { xs.add(p[0]); ys.add(p[1]); }
            XYSeries s = chart.addSeries(en.getKey(), xs, ys);
            s.setLineColor(SERIES[k++ % SERIES.length]);
        }
        if (byPfn.isEmpty()) chart.addSeries("(no refcount changes)", new double[] {0}, new double[] {0});
        return chart;
    }

    /** The matrix as a coloured grid (worst outcome colours a cell; the label lists all of them). */
    public static BufferedImage matrixGrid(MatrixResult m) {
        int cw = 118, ch = 26, left = 60, top = 30;
        int w = left + cw * m.designs().size() + 10, h = top + ch * m.scenarios().size() + 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        g.setColor(Color.BLACK);
        for (int d = 0; d < m.designs().size(); d++) g.drawString(m.designs().get(d).name(), left + d * cw + 4, top - 8);
        for (int s = 0; s < m.scenarios().size(); s++) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            g.drawString(m.scenarios().get(s).id(), 6, top + s * ch + 17);
            for (int d = 0; d < m.designs().size(); d++) {
                ScenarioResult r = m.get(m.scenarios().get(s).id(), m.designs().get(d).name());
                Color c = Palette.colorOf(r.outcomes());
                g.setColor(c);
                g.fillRect(left + d * cw, top + s * ch, cw - 2, ch - 2);
                g.setColor(Palette.textOn(c));
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
                g.drawString(r.cell().replace("OVER_PUT", "OVER"), left + d * cw + 3, top + s * ch + 16);
            }
        }
        // A legend only for the classes that colour some cell.
        java.util.EnumSet<Outcome> shown = java.util.EnumSet.noneOf(Outcome.class);
        for (var sc : m.scenarios())
            for (var de : m.designs()) shown.add(Palette.worst(m.get(sc.id(), de.name()).outcomes()));
        int x = 6;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (Outcome o : shown) {
            g.setColor(Palette.of(o));
            g.fillRect(x, h - 24, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(o.name(), x + 18, h - 13);
            x += 24 + g.getFontMetrics().stringWidth(o.name());
        }
        g.dispose();
        return img;
    }

    /**
     * A memmap strip of {@code n} pfns from {@code from} of a pgmap, one column per pfn, four rows:
     * head/tail/order-0 (with the order byte of page[1]), PG_locked, refcount > 0, and a line from each
     * tail to the head its compound_head names — which makes stale compound state visible.
     */
    public static BufferedImage memmapStrip(Machine m, DevPagemap pgmap, int from, int n) {
        if (n <= 0 || n > 1024) throw new IllegalArgumentException("Charts.memmapStrip: n " + n + " is not in 1..1024");
        int cw = Math.max(2, Math.min(16, 1200 / n)), rowH = 16, top = 20, left = 70;
        int w = left + cw * n + 10, h = top + rowH * 4 + 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.BLACK);
        g.drawString(String.format("%s pfn 0x%x..0x%x", pgmap.name, pgmap.startPfn() + from, pgmap.startPfn() + from + n - 1), left, 12);
        String[] rows = {"head/tail", "PG_locked", "refcount>0", "owner"};
        for (int r = 0; r < rows.length; r++) g.drawString(rows[r], 4, top + r * rowH + 12);
        Color head = SERIES[0], tail = SERIES[4], single = new Color(0xDD, 0xDD, 0xDD), locked = SERIES[1], ref = SERIES[2];
        for (int i = 0; i < n; i++) {
            Page p = pgmap.page(from + i);
            int x = left + i * cw;
            boolean isTail = p.word1_is_tail();
            boolean isHead = p.test_bit(PageFlagBits.PG_head);
            g.setColor(isTail ? tail : isHead ? head : single);
            g.fillRect(x, top, cw - 1, rowH - 2);
            if ((p.flags() & 1 << PageFlagBits.PG_locked) != 0) { g.setColor(locked); g.fillRect(x, top + rowH, cw - 1, rowH - 2); }
            if (p._refcount() > 0) { g.setColor(ref); g.fillRect(x, top + 2 * rowH, cw - 1, rowH - 2); }
            if (isTail) {
                long headPfn = m.compound_head(p).pfn();
                int hx = left + (int) (headPfn - pgmap.startPfn() - from) * cw;
                g.setColor(tail.darker());
                g.drawLine(x + cw / 2, top + 3 * rowH + 12, Math.max(left, Math.min(w - 10, hx + cw / 2)), top + 3 * rowH + 2);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString("blue = head (PG_head), light blue = tail (compound_head), grey = order 0; orange = PG_locked; green = refcount > 0",
                4, h - 8);
        g.dispose();
        return img;
    }

    /** PNG bytes of an XChart chart. */
    public static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new IllegalStateException("Charts.png: " + e.getMessage(), e);
        }
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Charts.png: " + e.getMessage(), e);
        }
    }
}
