package lab.memremap.matrix;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D9_Mainline;
import lab.memremap.explore.ExplorationReport;
import lab.memremap.explore.Explorer;
import lab.memremap.explore.FailureClass;
import lab.memremap.model.Folio;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/** A design whose code throws becomes a cell (EXCEPTION) or a counterexample (MODEL_ERROR) of its own; the run goes on. */
class RobustnessTest {

    /** A reader's design with a slip: its free path throws a plain Java exception. */
    static final class Throws extends D9_Mainline {
        @Override public String name() {
            return "Throws";
        }

        @Override public void free_zone_device_folio(Folio folio) {
            throw new IllegalStateException("forgot to finish this");
        }
    }

    /** What a notebook design meets when a class it uses was redefined in a later cell. */
    static final class LostItsHelper extends D9_Mainline {
        @Override public String name() {
            return "LostItsHelper";
        }

        @Override public void free_zone_device_folio(Folio folio) {
            throw new NoClassDefFoundError("REPL.$JShell$12$Helper");
        }
    }

    @Test
    void aLinkageErrorIsACellOfItsOwnToo() {
        MatrixResult r = Matrix.of(new D9_Mainline(), new LostItsHelper()).scenarios(Scenarios.S1).run();
        ScenarioResult cell = r.get("S1", "LostItsHelper");
        assertTrue(cell.has(Outcome.EXCEPTION), cell.cell());
        assertTrue(cell.stopped().contains("NoClassDefFoundError"), cell.stopped());
        ExplorationReport e = Explorer.of(new LostItsHelper()).maxOps(2).random(0, 1).run();
        assertFalse(e.modelErrors().isEmpty());
        assertEquals("NoClassDefFoundError", e.modelErrors().get(0).failure().site());
    }

    @Test
    void aThrowingDesignIsAModelErrorCellNotACrashOfTheMatrix() {
        MatrixResult r = Matrix.of(new D9_Mainline(), new Throws()).scenarios(Scenarios.S1, Scenarios.S4).run();
        ScenarioResult cell = r.get("S1", "Throws");
        assertTrue(cell.has(Outcome.EXCEPTION), cell.cell());
        assertTrue(cell.stopped().contains("scenario S1 on design Throws"), cell.stopped());
        assertTrue(cell.stopped().contains("IllegalStateException: forgot to finish this"), cell.stopped());
        assertFalse(r.get("S1", "D9").has(Outcome.EXCEPTION), "the other design's column is unaffected");
        assertTrue(r.get("S4", "Throws").has(Outcome.EXCEPTION));
    }

    @Test
    void aThrowingDesignIsAModelErrorInTheExplorerNotACrash() {
        ExplorationReport r = Explorer.of(new Throws()).maxOps(2).random(0, 1).run();
        assertFalse(r.modelErrors().isEmpty());
        assertEquals(FailureClass.MODEL_ERROR, r.modelErrors().get(0).failure().kind());
        assertTrue(r.modelErrors().get(0).failure().message().contains("forgot to finish this"));
    }
}
