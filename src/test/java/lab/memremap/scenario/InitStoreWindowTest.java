package lab.memremap.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D7_V7;
import lab.memremap.design.D8_Reinit;
import lab.memremap.design.D9_Mainline;
import lab.memremap.driver.DrmBuddy;
import lab.memremap.model.Design;
import lab.memremap.model.KernelLog;
import lab.memremap.model.ModelNotes;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 1: the statements of a design's own init function are scheduling points, stores
 * included. D8 and D9's zone_device_page_init() (&lt;20260116111325.1736137-2-francois.dugast@intel.com&gt;)
 * re-initialises every page with plain stores before it takes its pgmap references, so a teardown that
 * already released the ref (S3b's shape) can remove the memmap between two of those stores. Before, the
 * init's first point was percpu_ref_tryget_many() after the loop: the schedule below had no "store pgmap"
 * to stop at, B ran to its end, and the cell was S3b's WARN+OVER_PUT.
 */
class InitStoreWindowTest {
    private static final String SCHEDULE = "A until pageunmap_range; B until store pgmap; A; B";

    /** S3b's race with B stopped inside the init, between its store to page->mapping and its store to ->pgmap. */
    private static ScenarioResult raceInsideInit(Design d) {
        return Scenario.of("S3b-init", "teardown between two stores of the init", ctx -> {
            DrmBuddy vram = ctx.buddy(1024);
            ctx.race(SCHEDULE, ctx::teardown, () -> {
                ctx.allocAt("y", vram, 0, 0);
                ctx.free("y");
            });
        }).run(d);
    }

    private static List<String> raceSteps(ScenarioResult r) {
        return r.ops().stream().filter(o -> o.label().startsWith("race")).findFirst().orElseThrow().steps();
    }

    @Test
    void teardownRemovesTheMemmapBetweenTwoStoresOfTheReinitLoop() {
        for (Design d : new Design[] {new D8_Reinit(), new D9_Mainline()}) {
            ScenarioResult r = raceInsideInit(d);
            assertEquals("BUG+UAF", r.cell(), d.name() + ": " + r.toText());
            List<String> steps = raceSteps(r);
            // B's first stores ran on the live memmap, then A removed it, then B's store to ->pgmap faulted.
            assertEquals(List.of("B:store flags", "B:store _nr_pages", "B:store mapping", "A:pageunmap_range", "A:percpu_ref_exit",
                    "B:store pgmap"), steps.subList(steps.indexOf("B:store flags"), steps.size()), d.name());
            String oops = r.log().of(KernelLog.Kind.BUG).get(0).text();
            assertTrue(oops.contains("#PF: supervisor write access in kernel mode"), oops);
            assertTrue(oops.contains("RIP: 0010:zone_device_page_init+0x?/0x?"), oops);
            assertTrue(r.notes().of(ModelNotes.Kind.USE_AFTER_FREE).stream()
                    .anyMatch(n -> n.text().startsWith("pgmap of the struct page of pfn 0x100000 written after its memmap was removed")),
                    r.notes().toText());
        }
    }

    /** D7's init stores nothing itself (its first point is the tryget): the same schedule is S3b's race. */
    @Test
    void anInitWithoutItsOwnStoresHasNoSuchWindow() {
        ScenarioResult r = raceInsideInit(new D7_V7());
        assertFalse(raceSteps(r).stream().anyMatch(s -> s.contains("store pgmap")), raceSteps(r).toString());
        assertEquals(Scenarios.S3b.run(new D7_V7()).cell(), r.cell());
        assertFalse(r.has(Outcome.UAF), r.toText());
    }
}
