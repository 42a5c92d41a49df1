package lab.memremap.notebook;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D4_V6;
import lab.memremap.design.D9_Mainline;
import lab.memremap.matrix.Matrix;
import lab.memremap.matrix.MatrixResult;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/** The grid's scale and what it marks come from the run, not from the picture. */
class RefGridTest {

    @Test
    void symlogKeepsOrderAndSignAndSpreads1To513() {
        assertEquals(0, RefGrid.y(0, true));
        assertTrue(RefGrid.y(1, true) > 0 && RefGrid.y(513, true) > RefGrid.y(1, true));
        assertTrue(RefGrid.y(-510, true) < 0);
        assertTrue(RefGrid.y(513, true) < 3, "log10(514) is below 3");
        assertEquals(513, RefGrid.y(513, false));
    }

    @Test
    void perCpuModeEndsAfterTheKillAndItsSwitch() {
        ScenarioResult r = Scenarios.S1.run(new D9_Mainline());
        String ref = r.machine().pgmaps().get(0).name + "->ref";
        long kill = RefGrid.killClock(r.machine(), ref);
        assertTrue(kill > 0, "memunmap_pages() kills the ref");
        assertTrue(RefGrid.atomicFrom(r.machine(), ref) > kill);
    }

    @Test
    void aRunThatNeverReachesRemovalStaysPerCpu() {
        ScenarioResult r = Scenarios.S9.run(new D4_V6());   // stops with a BUG before the driver's removal
        String ref = r.machine().pgmaps().get(0).name + "->ref";
        assertEquals(-1, RefGrid.killClock(r.machine(), ref));
        assertEquals(-1, RefGrid.atomicFrom(r.machine(), ref));
    }

    @Test
    void theGridDrawsEveryDesignAndNamesItself() {
        MatrixResult mr = Matrix.of(new D4_V6(), new D9_Mainline()).scenarios(Scenarios.S7).run();
        RefGrid.Image img = RefGrid.of(mr, "S7");
        assertTrue(img.toString().startsWith("chart: pgmap->ref per design, S7"), img.toString());
        assertTrue(img.getWidth() >= 2 * 290);
    }
}
