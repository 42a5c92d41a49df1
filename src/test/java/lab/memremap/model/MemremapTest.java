package lab.memremap.model;

import static lab.memremap.model.MemoryType.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Test;

/** memremap_pages / memunmap_pages and the mainline free path, per memory type. */
class MemremapTest {

    @Test
    void privatePgmapCountsOnlyHandedOutPagesAndUnmapsCleanly() {
        Rig r = new Rig(MEMORY_DEVICE_PRIVATE, 1024);
        assertEquals(1, r.pgmap.ref.count());
        Folio f = r.alloc(0, 9);
        assertEquals(513, r.pgmap.ref.count());
        assertEquals(1, r.m.folio_ref_count(f));
        assertFalse(r.m.folio_test_locked(f), "the driver unlocked it, as migrate_vma_finalize does");
        assertTrue(r.m.checkInvariants().isEmpty(), r.m.checkInvariants().toString());
        r.m.folio_put(f);
        assertEquals(List.of(String.format("0x%x/9", r.start)), r.freed, "folio_free saw the head and order 9");
        assertEquals(1, r.pgmap.ref.count());
        r.m.memunmap_pages(r.pgmap);
        assertEquals(DevPagemap.State.UNMAPPED, r.pgmap.state());
        assertTrue(r.m.log().entries().stream().allMatch(e -> e.kind() == KernelLog.Kind.INFO), r.m.log().dmesg());
        assertThrows(IllegalArgumentException.class, () -> r.m.pfn_to_page(r.start), "the memmap is gone");
    }

    @Test
    void aLeakedReferenceHangsMemunmapPagesWithTheKernelsHungTaskReport() {
        Rig r = new Rig(MEMORY_DEVICE_PRIVATE, 64);
        r.alloc(0, 0);                              // never freed: its reference leaks
        r.m.setComm(0, "rmmod");
        assertThrows(ScenarioStopped.class, () -> r.m.memunmap_pages(r.pgmap));
        var hung = r.m.log().of(KernelLog.Kind.HUNG);
        assertEquals(1, hung.size());
        String t = hung.get(0).text();
        assertTrue(t.startsWith("INFO: task rmmod:1000 blocked for more than 120 seconds."), t);
        assertTrue(t.contains(" wait_for_completion+0x?/0x?\n memunmap_pages+0x?/0x?\n"), t);  // %pBb: symbolic offsets
        assertTrue(r.m.log().dmesg().contains("[  120."), "the report comes 120 s later");
    }

    @Test
    void memremapPagesRefusesPrivateWithoutItsOpsWithTheKernelsMessages() {
        Machine m = Machine.boot(Config.defaults(), new D9_Mainline());
        DevPagemap p = m.newPgmap("p", MEMORY_DEVICE_PRIVATE, DevPagemapOps.builder().free((h, o) -> {}).build(), "o");
        long s = m.reservePfnRange(16);
        p.setRanges(List.of(new DevPagemap.Range(s, s + 16)));
        assertEquals(-22, m.memremap_pages(p, 0));
        assertTrue(m.log().of(KernelLog.Kind.WARN).get(0).text().contains("Missing migrate_to_ram method"));

        DevPagemap q = m.newPgmap("q", MEMORY_DEVICE_COHERENT, DevPagemapOps.builder().build(), "o");
        long s2 = m.reservePfnRange(16);
        q.setRanges(List.of(new DevPagemap.Range(s2, s2 + 16)));
        assertEquals(-22, m.memremap_pages(q, 0));
        assertTrue(m.log().dmesg().contains("Missing folio_free method"));
    }

    @Test
    void genericAndFsDaxPreTakeOneReferencePerPfnAndMemunmapGivesThemBack() {
        Rig g = new Rig(MEMORY_DEVICE_GENERIC, 32);
        assertEquals(33, g.pgmap.ref.count(), "initial + 32 pre-taken");
        assertEquals(1, g.page(5)._refcount(), "device-dax pages idle at refcount 1");
        g.m.memunmap_pages(g.pgmap);
        assertEquals(0, g.pgmap.ref.count());
        Rig d = new Rig(MEMORY_DEVICE_FS_DAX, 32);
        assertEquals(0, d.page(5)._refcount());
        d.m.memunmap_pages(d.pgmap);
        assertEquals(DevPagemap.State.UNMAPPED, d.pgmap.state());
    }

    @Test
    void freePerMemoryType() {
        // PRIVATE and COHERENT: the callback, then nr references back.
        for (MemoryType t : List.of(MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT)) {
            Rig r = new Rig(t, 64);
            Folio f = r.alloc(0, 2);
            r.m.folio_put(f);
            assertEquals(1, r.pgmap.ref.count(), t.toString());
            assertEquals(1, r.freed.size(), t.toString());
        }
        // GENERIC: refcount back to 1, no pgmap reference change, no callback.
        Rig g = new Rig(MEMORY_DEVICE_GENERIC, 8);
        Folio gf = g.page(0).as_folio();
        g.m.folio_put(gf);
        assertEquals(1, g.m.folio_ref_count(gf));
        assertEquals(9, g.pgmap.ref.count());
        assertTrue(g.freed.isEmpty());
        // FS_DAX: wake_up_var, mapping left for the filesystem.
        Rig d = new Rig(MEMORY_DEVICE_FS_DAX, 8);
        Folio df = d.page(0).as_folio();
        df.set_mapping(Memmap.MAPPING_FILE);
        d.m.set_page_count(df.page(), 1);
        d.m.folio_put(df);
        assertEquals(Memmap.MAPPING_FILE, df.mapping());
        assertEquals(1L, d.m.trace().countsPerFunction().get("wake_up_var"));
        // PCI_P2PDMA: the callback, no pgmap reference change.
        Rig p = new Rig(MEMORY_DEVICE_PCI_P2PDMA, 8);
        Folio pf = p.page(0).as_folio();
        p.m.set_page_count(pf.page(), 1);
        p.m.folio_put(pf);
        assertEquals(1, p.freed.size());
        assertEquals(9, p.pgmap.ref.count());
    }

    @Test
    void freeWithoutACallbackWarnsAndLeaksTheReferences() {
        Rig r = new Rig(Config.defaults(), new D9_Mainline(), MEMORY_DEVICE_COHERENT, 64, true);
        Folio f = r.alloc(0, 2);
        // The driver's ops lose their free method after memremap_pages (S13): a new ops table without it.
        r.pgmap.ops = DevPagemapOps.builder().build();
        r.m.folio_put(f);
        assertEquals(5, r.pgmap.ref.count(), "4 references never come back");
        assertTrue(r.m.log().of(KernelLog.Kind.WARN).get(0).text().contains("free_zone_device_folio"));
    }

    @Test
    void anonymousLargeFreeClearsAnonExclusiveOnEveryPage() {
        Rig r = new Rig(MEMORY_DEVICE_PRIVATE, 64);
        Folio f = r.alloc(0, 3);
        r.m.folio_add_new_anon_rmap(f, true, false);
        for (int i = 0; i < 8; i++) assertTrue(r.m.PageAnonExclusive(r.page(i)));
        r.m.folio_remove_rmap_ptes(f, f.page(), 8);
        r.m.folio_put(f);
        for (int i = 0; i < 8; i++) assertFalse(r.m.PageAnonExclusive(r.page(i)), "page " + i);
        assertEquals(Memmap.MAPPING_NULL, f.mapping());
    }

    @Test
    void getDevPagemapFindsThePgmapByPfnAndTakesALiveReference() {
        Rig r = new Rig(MEMORY_DEVICE_PRIVATE, 64);
        assertSame(r.pgmap, r.m.get_dev_pagemap(r.start + 10));
        assertEquals(2, r.pgmap.ref.count());
        r.m.put_dev_pagemap(r.pgmap);
        assertNull(r.m.get_dev_pagemap(r.start + 64));
        r.m.percpu_ref_kill(r.pgmap.ref);
        assertNull(r.m.get_dev_pagemap(r.start + 10), "no new references once dying");
    }

    @Test
    void pgmapPlacementPerPageLosesThePgmapOfTailsPerFolioKeepsIt() {
        // 82ba975e4c43: compound_head overwrites word 1 of every tail, where page->pgmap lived.
        Rig before = new Rig(Config.defaults().withPlacement(PgmapPlacement.PER_PAGE), new D9_Mainline(),
                MEMORY_DEVICE_PRIVATE, 64, true);
        before.alloc(0, 3);
        DevPagemap fromTail = before.m.page_pgmap(before.page(5));
        assertTrue(fromTail.isBogus(), "a tail's page->pgmap is really compound_head: " + fromTail);
        assertEquals(before.page(0).address() + 1, fromTail.address());
        Rig after = new Rig(MEMORY_DEVICE_PRIVATE, 64);
        after.alloc(0, 3);
        assertSame(after.pgmap, after.m.page_pgmap(after.page(5)));
    }

    @Test
    void useOfAPageAfterMemunmapPagesIsAPageFault() {
        Rig r = new Rig(MEMORY_DEVICE_PRIVATE, 64);
        Page p = r.page(3);
        r.m.memunmap_pages(r.pgmap);
        assertThrows(Oops.class, p::flags);
    }
}
