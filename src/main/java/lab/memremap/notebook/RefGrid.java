package lab.memremap.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import lab.memremap.matrix.MatrixResult;
import lab.memremap.matrix.Palette;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Design;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.ScenarioContext;
import lab.memremap.scenario.ScenarioResult;

/**
 * Small multiples: one scenario, one small chart per design, each the pgmap's reference count against
 * the logical clock, titled with the design and its outcome (coloured as in the matrix). The driver's
 * removal ({@code memunmap_pages()}) is marked with a dashed line, so a leak shows as a count that
 * never comes down to zero after it. The stretch before the ref's switch to atomic mode is shaded: a
 * percpu_ref in per-CPU mode has no single count, so the kernel cannot see a value there (the line is the
 * model's sum); the switch's "&lt;= 0 after switching to atomic" warning is marked where it fires. Counts
 * that span 1..512 and more are drawn on a symmetric log scale.
 *
 * <pre>{@code RefGrid.of(matrixResult, "S1")}            // every design of the matrix
 * RefGrid.of(matrixResult, "S1", "D3", "D4", "D7")   // some of them}</pre>
 *
 * The result is an image; its text form names what it shows, so notebook outputs stay the same.
 */
public final class RefGrid {
    private RefGrid() {}

    /** An image whose text form is a fixed description instead of an identity hash code. */
    public static final class Image extends BufferedImage {
        private final String description;

        Image(int w, int h, String description) {
            super(w, h, BufferedImage.TYPE_INT_RGB);
            this.description = description;
        }

        @Override public String toString() {
            return description;
        }
    }

    public static Image of(MatrixResult result, String scenarioId, String... designNames) {
        List<String> names = new ArrayList<>();
        if (designNames.length == 0) for (Design d : result.designs()) names.add(d.name());
        else names.addAll(List.of(designNames));
        List<ScenarioResult> cells = new ArrayList<>();
        for (String n : names) cells.add(result.get(scenarioId, n));
        String purpose = result.get(scenarioId, names.get(0)).scenario().purpose();
        return draw(scenarioId + ": " + purpose, cells);
    }

    static final int CELL_W = 300;
    static final int CELL_H = 190;
    static final int COLS = 4;

    static Image draw(String title, List<ScenarioResult> cells) {
        int rows = (cells.size() + COLS - 1) / COLS;
        int cols = Math.min(COLS, cells.size());
        int w = cols * CELL_W + 20;
        int h = rows * CELL_H + 60;
        Image img = new Image(w, h, "chart: pgmap->ref per design, " + title);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(fit(g, title, w - 20), 10, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(0x555555));
        g.drawString("pgmap->ref against the logical clock; dashed: the driver's removal (memunmap_pages) starts; grey: per-CPU mode, where the kernel has no single count (the line is the model's sum)", 10, 42);
        for (int i = 0; i < cells.size(); i++) {
            int x = 10 + (i % COLS) * CELL_W;
            int y = 52 + (i / COLS) * CELL_H;
            drawCell(g, cells.get(i), x, y, CELL_W - 12, CELL_H - 12);
        }
        g.dispose();
        return img;
    }

    private static String fit(Graphics2D g, String s, int width) {
        if (g.getFontMetrics().stringWidth(s) <= width) return s;
        while (s.length() > 4 && g.getFontMetrics().stringWidth(s + "…") > width) s = s.substring(0, s.length() - 1);
        return s + "…";
    }

    private static void drawCell(Graphics2D g, ScenarioResult r, int x, int y, int w, int h) {
        Outcome worst = Palette.worst(r.outcomes());
        Color band = Palette.of(worst);
        g.setColor(band);
        g.fillRect(x, y, w, 22);
        g.setColor(Palette.textOn(band));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(fit(g, r.design().name() + "  " + r.cell(), w - 8), x + 5, y + 16);
        g.setColor(new Color(0xbbbbbb));
        g.drawRect(x, y, w, h);
        int px = x + 44, py = y + 30, pw = w - 54, ph = h - 50;
        Machine m = r.machine();
        if (r.notApplicable() != null) {
            g.setColor(new Color(0x777777));
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
            g.drawString(fit(g, "n/a: " + r.notApplicable().replaceFirst("^[^:]*: ", ""), w - 12), x + 6, py + ph / 2);
            return;
        }
        List<double[][]> lines = new ArrayList<>();
        double maxX = Math.max(1, m.clock()), maxY = 1, minY = 0;
        for (DevPagemap p : m.pgmaps()) {
            double[][] pts = RefChart.steps(m, p.name + "->ref");
            if (pts[0].length == 0) continue;
            lines.add(pts);
            for (double v : pts[1]) {
                maxY = Math.max(maxY, v);
                minY = Math.min(minY, v);
            }
            for (double v : pts[0]) maxX = Math.max(maxX, v);
        }
        // Counts that span 1..512 and more are drawn on a symmetric log scale, so that 1 and 513 both show.
        boolean symlog = maxY - minY >= 64;
        double lo = y(minY, symlog), hi = y(maxY, symlog), spanY = Math.max(hi - lo, 1e-9);
        // per-CPU mode: the kernel has no single count before the switch to atomic that percpu_ref_kill() starts
        String ref = m.pgmaps().isEmpty() ? null : m.pgmaps().get(0).name + "->ref";
        long atomicFrom = ref == null ? 0 : atomicFrom(m, ref);
        int shadeTo = px + (int) Math.round(Math.min(atomicFrom < 0 ? maxX : atomicFrom, maxX) / maxX * pw);
        g.setColor(new Color(0xeeeeee));
        g.fillRect(px + 1, py, Math.max(0, shadeTo - px - 1), ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 9));
        g.setColor(new Color(0x888888));
        if (shadeTo - px > 90) g.drawString("per-CPU: no single count", px + 3, py + ph - 16);
        // axes and labels
        g.setColor(new Color(0x999999));
        g.drawLine(px, py + ph, px + pw, py + ph);
        g.drawLine(px, py, px, py + ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(new Color(0x444444));
        g.drawString(String.valueOf((long) maxY), px - 6 - g.getFontMetrics().stringWidth(String.valueOf((long) maxY)), py + 8);
        g.drawString(String.valueOf((long) minY), px - 6 - g.getFontMetrics().stringWidth(String.valueOf((long) minY)), py + ph);
        g.drawString("clock " + (long) maxX, px + pw - g.getFontMetrics().stringWidth("clock " + (long) maxX), py + ph + 13);
        if (symlog) {
            g.setColor(new Color(0x777777));
            g.drawString("symlog", x + 4, py + ph + 13);
            for (long t : new long[] {1, 10, 100}) {
                if (t <= minY || t >= maxY) continue;
                int ty = py + ph - (int) Math.round((y(t, true) - lo) / spanY * ph);
                g.setColor(new Color(0xdddddd));
                g.drawLine(px + 1, ty, px + pw, ty);
                g.setColor(new Color(0x444444));
                g.drawString(String.valueOf(t), px - 6 - g.getFontMetrics().stringWidth(String.valueOf(t)), ty + 4);
            }
        }
        if (minY < 0) {
            int zy = py + ph - (int) Math.round((y(0, symlog) - lo) / spanY * ph);
            g.setColor(new Color(0x999999));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {1f, 2f}, 0f));
            g.drawLine(px, zy, px + pw, zy);
            g.setStroke(new BasicStroke(1f));
            g.setColor(new Color(0x444444));
            g.drawString("0", px - 6 - g.getFontMetrics().stringWidth("0"), zy + 4);
        }
        // where the driver's removal starts: its teardown operation, or memunmap_pages()'s kill inside a race
        long removal = -1;
        for (ScenarioContext.Op op : r.ops())
            if (op.label().startsWith("teardown")) {
                removal = op.clockStart();
                break;
            }
        long kill = ref == null ? -1 : killClock(m, ref);
        if (kill >= 0 && (removal < 0 || kill < removal)) removal = kill;
        if (removal >= 0) {
            int tx = px + (int) Math.round(removal / maxX * pw);
            g.setColor(new Color(0x888888));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
            g.drawLine(tx, py, tx, py + ph);
            g.setStroke(new BasicStroke(1f));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
            g.drawString("removal", Math.min(tx + 2, px + pw - 36), py + ph - 4);
        }
        // the fold's warning, where the kernel printed it
        for (KernelLog.Entry e : m.log().of(KernelLog.Kind.PERCPU_UNDERFLOW)) {
            int wx = px + (int) Math.round(Math.min(e.clock(), maxX) / maxX * pw);
            g.setColor(new Color(0xCC0000));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
            g.drawString("✕ <= 0 at fold", Math.min(wx - 3, px + pw - 70), py + 22);
            break;
        }
        // the lines
        g.setStroke(new BasicStroke(2.2f));
        Color[] colors = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73)};
        int k = 0;
        for (double[][] pts : lines) {
            g.setColor(colors[k++ % colors.length]);
            for (int i = 1; i < pts[0].length; i++) {
                int x1 = px + (int) Math.round(pts[0][i - 1] / maxX * pw), x2 = px + (int) Math.round(pts[0][i] / maxX * pw);
                int y1 = py + ph - (int) Math.round((y(pts[1][i - 1], symlog) - lo) / spanY * ph);
                int y2 = py + ph - (int) Math.round((y(pts[1][i], symlog) - lo) / spanY * ph);
                g.drawLine(x1, y1, x2, y2);
            }
            double last = pts[1][pts[1].length - 1];
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            String end = "end: " + (long) last;
            g.drawString(end, px + pw - g.getFontMetrics().stringWidth(end), py + 10 + 12 * (k - 1));
        }
        g.setStroke(new BasicStroke(1f));
        if (r.stopped() != null) {
            g.setColor(new Color(0x990000));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.drawString(fit(g, "stopped: " + r.stopped(), pw), px + 4, py + ph - 4);
        }
    }

    /** The y coordinate of a count: itself, or sign(v) log10(1 + |v|) on a symmetric log scale. */
    static double y(double v, boolean symlog) {
        return symlog ? Math.signum(v) * Math.log10(1 + Math.abs(v)) : v;
    }

    /** The clock of percpu_ref_kill() on {@code ref}, the first thing memunmap_pages() does; -1 if never. */
    static long killClock(Machine m, String ref) {
        for (var e : m.trace().events())
            if (e.target().equals(ref) && e.function().startsWith("percpu_ref_kill")) return e.clock();
        return -1;
    }

    /**
     * The clock from which the ref is in atomic mode (a single count the kernel can read): after
     * percpu_ref_kill() and its RCU-delayed switch; -1 if it never left per-CPU mode.
     */
    static long atomicFrom(Machine m, String ref) {
        long kill = -1;
        for (var e : m.trace().events()) {
            if (!e.target().equals(ref)) continue;
            if (kill < 0 && e.function().startsWith("percpu_ref_kill")) kill = e.clock();
            else if (kill >= 0 && e.function().contains("switch_to_atomic")) return e.clock();
        }
        return kill < 0 ? -1 : kill + m.config.atomicSwitchSteps;
    }
}
