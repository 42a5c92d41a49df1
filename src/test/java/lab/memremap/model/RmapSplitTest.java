package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Test;

/** Mapcounts, the deferred-split decision, and splitting a device folio. */
class RmapSplitTest {

    /** D9 with the v1/v2 rmap decision: device-private folios may be queued. */
    static final class QueueDevicePrivate extends D9_Mainline {
        @Override public boolean shouldDeferSplit(Folio folio, boolean partially_mapped) {
            return partially_mapped && folio_test_anon(folio) && !folio_test_partially_mapped(folio);
        }
    }

    private static Folio pmdMappedThenHalfUnmapped(Rig r) {
        Folio f = r.alloc(0, 9);
        r.m.folio_add_new_anon_rmap(f, true, true);
        assertEquals(0, f._entire_mapcount());
        r.m.split_huge_pmd(f);
        assertEquals(512, f._nr_pages_mapped());
        r.m.folio_remove_rmap_ptes(f, r.page(256), 256);  // munmap of 1 MiB
        assertEquals(256, f._nr_pages_mapped());
        return f;
    }

    @Test
    void mainlineSkipsDeferredSplitForADevicePrivateFolio() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 1024);
        Folio f = pmdMappedThenHalfUnmapped(r);
        assertEquals(0, r.m.deferredSplitQueue().split_queue_len());
        assertFalse(r.m.folio_test_partially_mapped(f));
    }

    @Test
    void withoutTheExclusionThePartiallyMappedFolioIsQueued() {
        Rig r = new Rig(Config.defaults(), new QueueDevicePrivate(), MemoryType.MEMORY_DEVICE_PRIVATE, 1024, true);
        Folio f = pmdMappedThenHalfUnmapped(r);
        assertEquals(1, r.m.deferredSplitQueue().split_queue_len());
        assertTrue(r.m.folio_test_partially_mapped(f));
        assertTrue(r.m.folio_unqueue_deferred_split(f));
        assertEquals(0, r.m.deferredSplitQueue().split_queue_len());
    }

    @Test
    void splittingToOrderZeroMakesEveryPageItsOwnFolioWithThePgmap() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 1024);
        Folio f = r.alloc(0, 9);
        assertEquals(0, r.m.split_folio_to_order(f, 0));
        for (int i = 0; i < 512; i++) {
            Page p = r.page(i);
            assertFalse(p.word1_is_tail(), "page " + i);
            assertSame(r.pgmap, r.m.page_pgmap(p), "page " + i);
            assertEquals(0, r.m.folio_order(p.as_folio()), "page " + i);
            assertEquals(1, p._refcount(), "page " + i);
        }
        assertEquals(0, r.page(1).flags() & 0xff, "the old order byte is gone");
        assertTrue(r.m.checkInvariants().isEmpty(), r.m.checkInvariants().toString());
    }

    @Test
    void theDriversFolioSplitIsCalledForEachNewFolioAndOnceWithNullAtTheEnd() {
        List<String> calls = new ArrayList<>();
        Machine m = Machine.boot(Config.defaults(), new D9_Mainline());
        DevPagemap pg = m.newPgmap("p", MemoryType.MEMORY_DEVICE_PRIVATE, DevPagemapOps.builder()
                .free((h, o) -> {}).migrate_to_ram(f -> 0)
                .folio_split((head, tail) -> {
                    calls.add(tail == null ? "done" : Long.toHexString(tail.pfn()));
                    if (tail != null) tail.set_pgmap(m.pgmaps().get(0)); // the driver copies what it needs
                }).build(), "o");
        long s = m.reservePfnRange(64);
        pg.setRanges(List.of(new DevPagemap.Range(s, s + 64)));
        m.memremap_pages(pg, 0);
        Folio f = m.zoneDeviceInit(m.pfn_to_page(s), pg, 4);
        m.folio_unlock(f);
        assertEquals(0, m.split_folio_to_order(f, 2));
        assertEquals(List.of(Long.toHexString(s + 4), Long.toHexString(s + 8), Long.toHexString(s + 12), "done"), calls);
        assertEquals(2, m.folio_order(f));
        assertEquals(2, m.folio_order(m.pfn_to_page(s + 8).as_folio()));
    }

    @Test
    void splittingToTheSameOrEqualOrderIsEinval() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        Folio f = r.alloc(0, 2);
        assertEquals(-22, r.m.split_folio_to_order(f, 2));
    }
}
