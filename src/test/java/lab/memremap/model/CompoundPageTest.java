package lab.memremap.model;

import static lab.memremap.model.PageFlagBits.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Word-level behaviour of prep_compound_page, folio_set_order and the folio accessors. */
class CompoundPageTest {

    @Test
    void prepCompoundPageOrder9WritesExactlyTheKernelsWords() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 1024);
        Machine m = r.m;
        Page head = r.page(0);
        int[] flagsBefore = m.memmap.flags.clone();
        int[] word1Before = m.memmap.word1.clone();
        int[] refBefore = m.memmap.refcount.clone();

        m.prep_compound_page(head, 9);

        Memmap mm = m.memmap;
        int h = head.index();
        assertEquals(flagsBefore[h] | (1 << PG_head), mm.flags[h], "PG_head on the head, nothing else");
        assertEquals(word1Before[h], mm.word1[h], "the head keeps its pgmap in word 1");
        assertEquals(9, mm.flags[h + 1] & 0xff, "page[1]'s low flag byte is the order");
        assertEquals(512, mm.nrPages[h + 1], "_nr_pages in page[1]");
        for (int i = 1; i < 512; i++) {
            assertEquals(Memmap.encodeTail(h), mm.word1[h + i], "tail " + i + " word 1 = head + 1");
            assertEquals(head.address() + 1, m.pageAt(h + i).word1(), "as an address, head + 1");
            if (i >= 3) assertEquals(Memmap.MAPPING_TAIL, mm.mapping[h + i], "TAIL_MAPPING in tail " + i);
            if (i >= 2) assertEquals(flagsBefore[h + i], mm.flags[h + i], "tail " + i + " flags untouched");
        }
        // page[1]'s word 3 holds _entire_mapcount/_pincount and page[2]'s holds _deferred_list (mm_types.h).
        assertEquals(Memmap.MAPPING_FOLIO_FIELDS, mm.mapping[h + 1]);
        assertEquals(Memmap.MAPPING_DEFERRED_LIST, mm.mapping[h + 2]);
        Folio f = head.as_folio();
        assertEquals(-1, f._large_mapcount());
        assertEquals(-1, f._entire_mapcount());
        assertEquals(0, f._pincount());
        assertEquals(0, f._nr_pages_mapped());
        assertArrayEquals(refBefore, mm.refcount, "prep_compound_page never touches refcounts");
        for (int i = 512; i < 1024; i++) assertEquals(word1Before[h + i], mm.word1[h + i], "outside the folio untouched");
        assertEquals(9, m.folio_order(f));
        assertEquals(512, m.folio_nr_pages(f));
        assertTrue(m.folio_test_large(f));
        assertEquals(f, m.page_folio(r.page(300)));
    }

    @Test
    void staleOrderNineReadsAsLockedAndUptodate() {
        // Brost, 15 Jan 2026: order 9 = 0b1001 in page[1]'s low byte aliases PG_locked | PG_uptodate.
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 1024);
        r.m.prep_compound_page(r.page(0), 9);
        Page p1 = r.page(1);
        assertTrue(p1.test_bit(PG_locked));
        assertTrue(p1.test_bit(PG_uptodate));
        assertFalse(p1.test_bit(PG_dirty));
    }

    @Test
    void order1FolioHasNoDeferredListAndOrder2Has() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        r.m.prep_compound_page(r.page(0), 1);
        assertNull(r.page(0).as_folio()._deferred_list());
        r.m.prep_compound_page(r.page(4), 2);
        assertSame(DeferredSplitQueue.EMPTY_LIST, r.page(4).as_folio()._deferred_list());
    }

    @Test
    void folioSetOrderWarnsAboveMaxFolioOrderAndOnZeroOrder() {
        Rig r = new Rig(Config.defaults().withMaxFolioOrder(10), new lab.memremap.design.D9_Mainline(),
                MemoryType.MEMORY_DEVICE_PRIVATE, 4096, true);
        r.m.prep_compound_page(r.page(0), 11);
        assertEquals(1, r.m.log().of(KernelLog.Kind.WARN).size());
        String warn = r.m.log().of(KernelLog.Kind.WARN).get(0).text();
        assertTrue(warn.contains("WARNING: mm/internal.h:? at folio_set_order+0x?/0x?, CPU#0: hmm-tests/1000"), warn);
        assertEquals(11, r.m.folio_order(r.page(0).as_folio()), "the folio is still built");
        // folio_set_order(folio, 0) is refused with WARN_ON_ONCE and writes nothing.
        Folio f = r.page(2048).as_folio();
        r.m.__SetPageHead(f.page());
        int before = r.page(2049).flags();
        r.m.folio_set_order(f, 0);
        assertEquals(before, r.page(2049).flags());
        assertEquals(2, r.m.log().of(KernelLog.Kind.WARN).size());
    }

    @Test
    void pageRmappableFolioSetsLargeRmappableOnlyForLargeFolios() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        r.m.page_rmappable_folio(r.page(0));
        assertFalse(r.page(1).test_bit(PG_large_rmappable), "an order-0 page stays as it is");
        r.m.prep_compound_page(r.page(8), 3);
        Folio f = r.m.page_rmappable_folio(r.page(8));
        assertTrue(r.m.folio_test_large_rmappable(f));
    }

    @Test
    void orderThatOverflowsACIntIsRefusedWithTheFunctionAndValue() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.m.prep_compound_page(r.page(0), 31));
        assertTrue(e.getMessage().contains("prep_compound_page") && e.getMessage().contains("31"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.m.zoneDeviceInit(r.page(0), r.pgmap, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void compoundPageBeyondTheMemmapOopsWithAPageFault() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Oops o = assertThrows(Oops.class, () -> r.m.prep_compound_page(r.page(0), 10));
        assertTrue(o.getMessage().contains("page fault"));
        assertTrue(r.m.log().of(KernelLog.Kind.BUG).get(0).text().startsWith("BUG: unable to handle page fault for address: ffffea"));
    }
}
