package lab.memremap.chart;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import lab.memremap.design.Designs;
import lab.memremap.matrix.Matrix;
import lab.memremap.matrix.Palette;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Test;

class ChartsTest {
    @Test
    void refCountChartHasASeriesPerDesignWithTheCountsOfTheTrace() {
        var chart = Charts.refCount(Scenarios.S1, null, Designs.byName("D4"), Designs.byName("D7"));
        assertEquals(2, chart.getSeriesMap().size());
        var d4 = chart.getSeriesMap().keySet().stream().filter(k -> k.startsWith("D4")).findFirst().orElseThrow();
        double[] ys = chart.getSeriesMap().get(d4).getYData();
        assertEquals(3.0, max(ys), "1 initial + 2 for the order-1 folio");
        assertEquals(1.0, ys[ys.length - 1], "D4 ends with the leaked ref");
        byte[] png = Charts.png(chart);
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }

    @Test
    void matrixGridColoursEachCellByItsWorstOutcome() {
        var m = Matrix.of(Designs.byName("D4"), Designs.byName("D9")).scenarios(Scenarios.S1, Scenarios.S8).run();
        BufferedImage img = Charts.matrixGrid(m);
        // cell (S1, D4) = LEAK, (S1, D9) = OK: sample inside each cell (left 60, top 30, 118 x 26)
        assertEquals(Palette.of(Outcome.LEAK).getRGB(), img.getRGB(60 + 100, 30 + 3));
        assertEquals(Palette.of(Outcome.OK).getRGB(), img.getRGB(60 + 118 + 100, 30 + 3));
    }

    @Test
    void memmapStripShowsStaleTailsAfterAFreeAndCleanPagesAfterD7b() {
        ScenarioResult keeps = runFreeOnly("D7");
        ScenarioResult cleans = runFreeOnly("D7b");
        BufferedImage a = Charts.memmapStrip(keeps.machine(), keeps.machine().pgmaps().get(0), 0, 16);
        BufferedImage b = Charts.memmapStrip(cleans.machine(), cleans.machine().pgmaps().get(0), 0, 16);
        int x = 70 + 5 * 16 + 4, y = 20 + 4;   // pfn 5, head/tail row
        assertEquals(Charts.SERIES[4].getRGB(), a.getRGB(x, y), "page 5 still a tail after D7's free");
        assertNotEquals(Charts.SERIES[4].getRGB(), b.getRGB(x, y), "D7b's prepare made it a plain page");
    }

    private static ScenarioResult runFreeOnly(String design) {
        return lab.memremap.scenario.Scenario.of("free9", "order 9, migrated, freed", ctx -> {
            var vram = ctx.buddy(512);
            ctx.allocAt("a", vram, 0, 9);
            ctx.migrated("a");
            ctx.free("a");
        }).run(Designs.byName(design));
    }

    @Test
    void folioRefcountChartFollowsTheHead() {
        var chart = Charts.folioRefcounts(Scenarios.S1.run(Designs.byName("D9")));
        assertFalse(chart.getSeriesMap().isEmpty());
    }
}
