package lab.memremap.explore;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D9_Mainline;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import org.junit.jupiter.api.Test;

/** The driver calls the search makes, one at a time, on mainline (D9). */
class MovesTest {

    private static boolean quiet(Machine m) {
        return m.log().entries().stream().allMatch(e -> e.kind() == KernelLog.Kind.INFO) && m.checkInvariants().isEmpty();
    }

    private static Folio folio(Driver d, int p, int offset) {
        return d.machine().page_folio(d.pgmap(p).page(offset));
    }

    @Test
    void aFaultMigratesAMappedDevicePrivateFolioBackAndFreesIt() {
        Driver d = Driver.boot(new D9_Mainline(), Setup.devicePrivate());
        d.alloc(0, 0, 9);
        d.map(0, 0);
        d.migrateToRam(0, 0);
        Machine m = d.machine();
        assertEquals(0, m.folio_ref_count(folio(d, 0, 0)));
        assertTrue(d.state().records(0).isEmpty(), "folio_free gave the range back: " + d.state());
        assertEquals(1, d.pgmap(0).ref.count());
        assertFalse(m.folio_test_anon(folio(d, 0, 0)), "the free path cleared the anon mapping");
        assertTrue(quiet(m), m.log().dmesg() + m.checkInvariants());
    }

    @Test
    void migrationTakesAPartlyUnmappedCoherentFolioOffTheDeferredSplitQueue() {
        Driver d = Driver.boot(new D9_Mainline(), Setup.deviceCoherent());
        d.alloc(0, 0, 9);
        d.map(0, 0);
        d.unmapHalf(0, 0);
        Machine m = d.machine();
        assertEquals(1, m.deferredSplitQueue().split_queue_len(), "a partly unmapped anon COHERENT folio is queued (only PRIVATE is kept off)");
        d.migrateToRam(0, 0);
        assertEquals(0, m.deferredSplitQueue().split_queue_len(), "__folio_migrate_mapping() unqueues it");
        assertTrue(d.state().records(0).isEmpty());
        assertTrue(quiet(m), m.log().dmesg() + m.checkInvariants());
    }

    @Test
    void aFolioMappedByPtesAndAPmdSplitKeepTheMapcounts() {
        Driver d = Driver.boot(new D9_Mainline(), Setup.devicePrivate());
        Machine m = d.machine();
        d.alloc(0, 0, 2);
        d.map(0, 0);
        assertEquals(4, m.folio_mapcount(folio(d, 0, 0)), "order 2: mapped by PTEs");
        d.free(0, 0);
        d.alloc(0, 0, 9);
        d.map(0, 0);
        d.splitPmd(0, 0);
        assertEquals(512, m.folio_mapcount(folio(d, 0, 0)), "a split PMD becomes 512 PTEs");
        d.unmapHalf(0, 0);
        assertEquals(256, m.folio_mapcount(folio(d, 0, 0)));
        d.free(0, 0);
        assertTrue(quiet(m), m.log().dmesg() + m.checkInvariants());
        assertThrows(NotConforming.class, () -> d.splitPmd(0, 0), "nothing held there any more");
    }

    @Test
    void genericPagesIdleAtOneAndFsDaxPagesAtZero() {
        Driver d = Driver.boot(new D9_Mainline(), Setup.daxAndGeneric());
        Machine m = d.machine();
        assertEquals(1, m.folio_ref_count(folio(d, 0, 3)));
        assertEquals(0, m.folio_ref_count(folio(d, 1, 3)));
        d.get(0, 3);
        d.get(1, 3);
        assertEquals(2, m.folio_ref_count(folio(d, 0, 3)));
        assertEquals(1, m.folio_ref_count(folio(d, 1, 3)));
        d.put(0, 3);
        d.put(1, 3);
        assertEquals(1, m.folio_ref_count(folio(d, 0, 3)));
        assertEquals(0, m.folio_ref_count(folio(d, 1, 3)), "FS_DAX's last put went through free_zone_device_folio()");
        d.evictAll();
        assertTrue(quiet(m), m.log().dmesg() + m.checkInvariants());
        assertThrows(NotConforming.class, () -> Driver.boot(new D9_Mainline(), Setup.daxAndGeneric()).alloc(0, 0, 0));
    }

    @Test
    void onlyABuggyDriverHandsAPageOutTwiceAndTheReinitLoopWarns() {
        Driver good = Driver.boot(new D9_Mainline(), Setup.devicePrivate());
        good.alloc(0, 0, 2);
        assertThrows(NotConforming.class, () -> good.allocAgain(0, 0, 2));
        Driver bad = Driver.boot(new D9_Mainline(), Setup.devicePrivate().buggy());
        bad.alloc(0, 0, 2);
        bad.allocAgain(0, 0, 2);
        String dmesg = bad.machine().log().dmesg();
        assertTrue(dmesg.contains("VM_WARN_ON_FOLIO(folio_ref_count(new_folio))"), dmesg);
    }

    @Test
    void aBuggyDriverFreeingAPageItNeverAllocatedHitsTheZeroRefcountBug() {
        Driver bad = Driver.boot(new D9_Mainline(), Setup.devicePrivate().buggy());
        assertThrows(RuntimeException.class, () -> bad.putUnallocated(0, 5));
        assertTrue(bad.machine().log().entries().stream().anyMatch(e -> e.kind() == KernelLog.Kind.BUG), bad.machine().log().dmesg());
    }

    @Test
    void theBuggyExplorerFindsWhatTheConformingOneMayNot() {
        ExplorationReport r = Explorer.of(new D9_Mainline()).setup(Setup.devicePrivate().buggy()).maxOps(2).pairDepth(-1).random(0, 1).run();
        assertTrue(r.counterexamples().stream().anyMatch(c -> c.steps().stream().anyMatch(s -> s.a().kind() == Op.Kind.ALLOC_AGAIN)),
                r.toText());
    }
}
