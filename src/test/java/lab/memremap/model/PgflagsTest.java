package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Test;

/** CONFIG_DEBUG_VM_PGFLAGS: the page-flag policy checks of include/linux/page-flags.h (7.2.13). */
class PgflagsTest {

    /** A reader's slip: the free path clears PG_anon_exclusive without first asking whether the folio is anon. */
    static final class ClearsAlways extends D9_Mainline {
        @Override public void free_zone_device_folio(Folio folio) {
            for (int i = 0; i < folio_nr_pages(folio); i++) __ClearPageAnonExclusive(folio_page(folio, i));
            super.free_zone_device_folio(folio);
        }
    }

    private static Config pgflags() {
        return Config.defaults().withDebugVmPgflags(true);
    }

    private static boolean bugged(Rig r) {
        return r.m.log().entries().stream().anyMatch(e -> e.kind() == KernelLog.Kind.BUG);
    }

    private static void allocAndFree(Rig r) {
        Folio f = r.alloc(0, 2);
        try {
            r.m.folio_put(f);
        } catch (Oops | ScenarioStopped e) {
            // the BUG ends the call, as it would kill the task
        }
    }

    @Test
    void clearingAnonExclusiveOnANonAnonFolioIsABugWithPgflags() {
        Rig r = new Rig(pgflags(), new ClearsAlways(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        allocAndFree(r);
        assertTrue(bugged(r), r.m.log().dmesg());
        assertTrue(r.m.log().dmesg().contains("VM_BUG_ON_PAGE(!PageAnon(page))"), r.m.log().dmesg());
    }

    @Test
    void withoutPgflagsTheSameSlipIsSilent() {
        Rig r = new Rig(Config.defaults(), new ClearsAlways(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        allocAndFree(r);
        assertFalse(bugged(r), r.m.log().dmesg());
    }

    @Test
    void mainlineFreesAnAnonAndANonAnonFolioCleanlyWithPgflags() {
        Rig r = new Rig(pgflags(), new D9_Mainline(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        Folio anon = r.alloc(0, 9);
        r.m.folio_add_new_anon_rmap(anon, true, true);
        r.m.folio_remove_rmap_pmd(anon);
        r.m.folio_put(anon);
        allocAndFree(r);
        assertTrue(r.m.log().entries().stream().allMatch(e -> e.kind() == KernelLog.Kind.INFO), r.m.log().dmesg());
        assertEquals(1, r.pgmap.ref.count(), "every page came back");
    }

    @Test
    void aSecondPageFlagOnASmallFolioIsABugWithPgflags() {
        Rig r = new Rig(pgflags(), new D9_Mainline(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        Folio f = r.alloc(0, 0);
        assertThrows(RuntimeException.class, () -> r.m.folio_set_large_rmappable(f));
        assertTrue(r.m.log().dmesg().contains("n > 0 && !test_bit(PG_head"), r.m.log().dmesg());
    }

    @Test
    void aFolioFlagReadThroughATailIsABugWithPgflags() {
        Rig r = new Rig(pgflags(), new D9_Mainline(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        r.alloc(0, 2);
        Folio tail = r.page(1).as_folio();
        assertThrows(RuntimeException.class, () -> r.m.folio_test_locked(tail));
        assertTrue(r.m.log().dmesg().contains("page->compound_info & 1"), r.m.log().dmesg());
    }
}
