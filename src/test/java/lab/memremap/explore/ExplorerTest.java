package lab.memremap.explore;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import lab.memremap.design.Designs;
import org.junit.jupiter.api.Test;

/** The explorer's engine on small bounds: shrinking, determinism, state hashing, user designs. */
class ExplorerTest {

    private static Explorer small(lab.memremap.model.Design d) {
        return Explorer.of(d).setup(Setup.devicePrivate()).maxOps(3).pairDepth(-1).random(0, 1);
    }

    @Test
    void shrunkCounterexampleIsMinimal() {
        ExplorationReport r = small(Designs.byName("D4")).run();
        assertFalse(r.hardFailures().isEmpty(), r.toText());
        for (Counterexample c : r.hardFailures()) {
            assertTrue(c.reproduces(), "replay must fail the same way:\n" + c);
            for (int i = 0; i < c.steps().size(); i++) {
                List<Step> fewer = new ArrayList<>(c.steps());
                fewer.remove(i);
                Run run = Run.executeLenient(c.design(), c.setup(), fewer);
                String sig = c.failure().signature();
                assertTrue(run.failures().stream().noneMatch(f -> f.signature().equals(sig)),
                        "removing step " + (i + 1) + " still fails the same way:\n" + c);
            }
        }
    }

    @Test
    void sameSeedSameResult() {
        Explorer a = Explorer.of(new BrokenDesigns.PgmapAfterCallback()).setup(Setup.devicePrivate()).maxOps(2).random(20, 8).seed(7);
        Explorer b = Explorer.of(new BrokenDesigns.PgmapAfterCallback()).setup(Setup.devicePrivate()).maxOps(2).random(20, 8).seed(7);
        assertEquals(a.run().toText(), b.run().toText());
    }

    @Test
    void stateHashingPrunesEqualStates() {
        ExplorationReport on = small(Designs.byName("D9")).run();
        ExplorationReport off = small(Designs.byName("D9")).stateHashing(false).run();
        assertTrue(on.pruned() > 0, on.toText());
        assertEquals(0, off.pruned());
        assertTrue(on.runs() < off.runs(), on.runs() + " runs with hashing, " + off.runs() + " without");
        assertTrue(on.hardFailures().isEmpty() && off.hardFailures().isEmpty());
    }

    @Test
    void findsTheBugOfADesignDefinedLikeANotebookCell() {
        ExplorationReport r = small(new BrokenDesigns.OrderOneLeak()).run();
        Counterexample c = HistoricBug.B3.in(r);
        assertNotNull(c, r.toText());
        assertEquals(2, c.operations(), c.toText());
        assertTrue(c.toCode().contains("design /* your"), c.toCode());
        assertEquals(FailureClass.HUNG, c.consequences().stream().map(Failure::kind)
                .filter(k -> k == FailureClass.HUNG).findFirst().orElse(null), "teardown after the leak hangs");
        assertEquals(c.operations(), c.toTable().rowCount());
        assertFalse(c.refCountChart().getSeriesMap().isEmpty());
    }

    @Test
    void warningsAreReportedApartFromHardFailures() {
        ExplorationReport r = small(Designs.byName("D7")).run();
        assertFalse(r.warnings().isEmpty(), "D7 warns on freeing a large non-anon folio (B6)");
        assertTrue(r.warnings().stream().noneMatch(c -> c.failure().kind().hard()));
        Set<FailureClass> hard = r.hardFailures().stream().map(c -> c.failure().kind()).collect(Collectors.toSet());
        assertFalse(hard.contains(FailureClass.WARN));
    }
}
