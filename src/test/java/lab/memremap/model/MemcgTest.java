package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D2_V2;
import lab.memremap.design.D4_V6;
import org.junit.jupiter.api.Test;

/**
 * memcg as far as ZONE_DEVICE folios meet it (kernel-history.md Errata 14). Sources: uncharge_folio()'s
 * WARN_ON_ONCE(folio_unqueue_deferred_split(folio)) at mm/memcontrol.c:4716 (6.12.117) / :5316 (7.2.13);
 * migrate_vma_insert_page()'s mem_cgroup_charge() at mm/migrate_device.c:606 (6.12.117) / :1021 (7.2.13);
 * folio->memcg_data after _refcount in struct folio (include/linux/mm_types.h:433-437, 7.2.13).
 */
class MemcgTest {

    /** A PMD-mapped, charged order-9 folio, half unmapped (queued for deferred split where the design queues). */
    private static Folio partlyUnmapped(Rig r) {
        Folio f = r.alloc(0, 9);
        assertEquals(0, r.m.migrate_vma_insert_page(f, true));
        assertEquals(r.m.config.memcg, r.m.folio_memcg_charged(f), "migrate_vma_insert_page() charges the destination folio");
        r.m.split_huge_pmd(f);
        r.m.folio_remove_rmap_ptes(f, f.page(), 256);
        r.m.folio_remove_rmap_ptes(f, f.page().add(256), 256);
        r.m.folio_put_refs(f, 511);   // the PTEs' references but the last, which the test drops
        return f;
    }

    /** v2 uncharges before it unqueues: the old output had no WARNING at all for this free. */
    @Test
    void unchargingAQueuedFolioWarnsInUnchargeFolio() {
        Rig r = new Rig(Config.defaults(), new D2_V2(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        Folio f = partlyUnmapped(r);
        assertEquals(1, r.m.deferredSplitQueue().split_queue_len(), "v2 still queues device-private folios");
        r.m.folio_put(f);
        var warns = r.m.log().of(KernelLog.Kind.WARN);
        assertEquals(1, warns.size(), r.m.log().dmesg());
        assertEquals("uncharge_folio", warns.get(0).function());
        assertTrue(warns.get(0).text().contains("mm/memcontrol.c"), warns.get(0).text());
        assertEquals(0, r.m.deferredSplitQueue().split_queue_len(), "uncharge_folio() took it off the queue");
        assertEquals(0, f.memcg_data(), "memcg_data = 0 after uncharge");
    }

    /** Without CONFIG_MEMCG nothing is charged and the same free is silent. */
    @Test
    void withoutMemcgTheSameFreeIsSilent() {
        Rig r = new Rig(Config.defaults().withMemcg(false), new D2_V2(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        Folio f = partlyUnmapped(r);
        r.m.folio_put(f);
        assertFalse(r.m.log().has(KernelLog.Kind.WARN), r.m.log().dmesg());
        assertTrue(Config.defaults().withMemcg(false).banner().contains("CONFIG_MEMCG=n"));
        assertTrue(Config.defaults().banner().contains("CONFIG_MEMCG=y"));
    }

    /** v3 and later do not queue device-private folios, so the uncharge has nothing to unqueue. */
    @Test
    void v6DoesNotQueueSoUnchargeIsSilent() {
        Rig r = new Rig(Config.defaults(), new D4_V6(), MemoryType.MEMORY_DEVICE_PRIVATE, 512, true);
        Folio f = partlyUnmapped(r);
        r.m.folio_put(f);
        assertFalse(r.m.log().has(KernelLog.Kind.WARN), r.m.log().dmesg());
        assertEquals(0, f.memcg_data());
    }

    /** commit_charge(): VM_BUG_ON_FOLIO(folio_memcg_charged(folio)) (mm/memcontrol.c:2815 in 7.2.13). */
    @Test
    void chargingAChargedFolioIsAVmBug() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Folio f = r.alloc(0, 0);
        r.m.mem_cgroup_charge(f);
        assertThrows(Oops.class, () -> r.m.mem_cgroup_charge(f));
        assertTrue(r.m.log().dmesg().contains("folio_memcg_charged(folio)"), r.m.log().dmesg());
    }

    /** memcg_data is word 7 of the head; page[1]'s word 7 is _nr_pages: charging page 0 leaves the order intact. */
    @Test
    void memcgDataSharesWord7WithNrPagesOfTheNextPage() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Folio f = r.alloc(0, 9);
        r.m.mem_cgroup_charge(f);
        assertEquals(512, r.m.folio_nr_pages(f));
        assertEquals(512, r.page(1).as_folio().memcg_data(), "page[1]'s word 7 read as memcg_data is _nr_pages");
        assertTrue(PageDump.dumpPage(r.m, 0, "t").contains("memcg:"));
    }
}
