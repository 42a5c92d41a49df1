package lab.memremap.model;

/**
 * mm/rmap.c: mapping a folio into a simulated address space and unmapping it, fully or partly, with
 * the kernel's mapcounts (per-page _mapcount, _large_mapcount, _entire_mapcount for a PMD mapping,
 * _nr_pages_mapped), and __folio_remove_rmap()'s deferred-split decision, which goes through the
 * design (v3 added the device-private exclusion, kernel-history.md §2.8).
 */
@Source(file = "mm/rmap.c", ref = "v6.19")
public interface Rmap extends KernelContext {
    /**
     * ENTIRELY_MAPPED (mm/internal.h): the bit of _nr_pages_mapped that counts a PMD mapping, kept under
     * CONFIG_PAGE_MAPCOUNT (Debian's config and ours); the pages mapped by PTEs are counted below it.
     */
    int ENTIRELY_MAPPED = 0x800000;
    int FOLIO_PAGES_MAPPED = ENTIRELY_MAPPED - 1;

    /**
     * The mm a scenario's process maps folios into, as it goes into a folio's _mm_ids slot (CONFIG_MM_ID):
     * any id but MM_ID_DUMMY (0); the probe prints a slot as "mm" or "0", so the number itself is not traced.
     */
    int TASK_MM_ID = 1;

    /**
     * folio_set_large_mapcount() / folio_add_return_large_mapcount() / folio_sub_return_large_mapcount()
     * for one process (include/linux/rmap.h:160-262 in 7.2.13): with CONFIG_MM_ID, slot 0 of _mm_ids holds
     * the mm and _mm_id_mapcount[0] follows _large_mapcount; when it goes below 0 the slot is freed
     * (MM_ID_DUMMY). Seen in the 7.2 golden traces k5 and k8 (page[1] "_mm_id_mapcount=0,-1 _mm_ids=mm,0").
     */
    @Source(file = "include/linux/rmap.h", ref = "7.2.13", note = "lines 160-262")
    default void folio_mod_large_mapcount(Folio folio, int diff) {
        Machine m = machine();
        folio.set__large_mapcount(folio._large_mapcount() + diff);
        if (!m.config.mmId) return;
        if ((folio._mm_ids() & MM_ID_MASK) == 0) {
            if (diff <= 0) return;
            folio.set__mm_ids(folio._mm_ids() | TASK_MM_ID);
            folio.set__mm_id_mapcount(0, diff - 1);
            return;
        }
        int c = folio._mm_id_mapcount(0) + diff;
        if (c < 0) {
            c = -1;
            folio.set__mm_ids(folio._mm_ids() & ~(long) MM_ID_MASK);
        }
        folio.set__mm_id_mapcount(0, c);
    }

    /** MM_ID_MASK on 64-bit: slot 0 is the low 31 bits of _mm_ids (include/linux/mm_types.h:338-356 in 7.2.13). */
    int MM_ID_MASK = 0x7fffffff;

    /**
     * folio_add_new_anon_rmap(): a fresh anon folio, mapped once by PMD ({@code pmd}) or by PTEs;
     * exclusive pages get PG_anon_exclusive.
     */
    @Source(file = "mm/rmap.c", ref = "v6.19")
    default void folio_add_new_anon_rmap(Folio folio, boolean exclusive, boolean pmd) {
        Machine m = machine();
        m.step("folio_add_new_anon_rmap");
        // __folio_set_swapbacked() unless VM_DROPPABLE, then __folio_set_anon() (mm/rmap.c:1658-1660 in 7.2.13;
        // the 7.2 golden traces show PG_swapbacked on the mapped device folio).
        m.__folio_set_swapbacked(folio);
        folio.set_mapping(Memmap.MAPPING_ANON);
        long nr = m.folio_nr_pages(folio);
        if (!m.folio_test_large(folio)) {
            folio.set__mapcount(0);
        } else if (pmd) {
            folio.set__entire_mapcount(0);
            folio.set__large_mapcount(-1);
            folio_mod_large_mapcount(folio, 1);
            folio.set__nr_pages_mapped(ENTIRELY_MAPPED);   // CONFIG_PAGE_MAPCOUNT, mm/rmap.c:1691 in 7.2.13
        } else {
            for (int i = 0; i < nr; i++) m.folio_page(folio, i).set__mapcount(0);
            folio.set__large_mapcount(-1);
            folio_mod_large_mapcount(folio, (int) nr);
            folio.set__nr_pages_mapped((int) nr);
        }
        // A PMD mapping marks only the head PG_anon_exclusive (mm/rmap.c:1692-1693 in 7.2.13); PTE mappings
        // mark every page. Tails get it when the PMD is split (split_huge_pmd): why v6 clears all nr pages.
        if (exclusive) {
            if (m.folio_test_large(folio) && pmd) m.SetPageAnonExclusive(folio.page());
            else for (int i = 0; i < nr; i++) m.SetPageAnonExclusive(m.folio_page(folio, i));
        }
    }

    /** __split_huge_pmd_locked(): a PMD mapping becomes one PTE mapping per page. */
    @Source(file = "mm/huge_memory.c", ref = "v6.19")
    default void split_huge_pmd(Folio folio) {
        Machine m = machine();
        m.step("split_huge_pmd");
        if (!m.folio_test_large(folio) || folio._entire_mapcount() < 0)
            throw new IllegalStateException("split_huge_pmd: " + folio + " is not PMD-mapped");
        long nr = m.folio_nr_pages(folio);
        // anon_exclusive = PageAnonExclusive(head); the PTEs are added with RMAP_EXCLUSIVE, which marks every
        // page (mm/huge_memory.c:3286-3297 in 7.2.13).
        boolean anonExclusive = m.PageAnonExclusive(folio.page());
        // Every PTE holds a reference: folio_ref_add(folio, HPAGE_PMD_NR - 1), mm/huge_memory.c:3224 in 7.2.13
        // (device-private PMD) and :3290 (present PMD); the 7.2 golden trace k5 shows ref=256 after 256 of
        // the 512 PTEs were zapped.
        m.folio_ref_add(folio, (int) nr - 1);
        for (int i = 0; i < nr; i++) m.folio_page(folio, i).set__mapcount(m.folio_page(folio, i)._mapcount() + 1);
        if (anonExclusive) for (int i = 0; i < nr; i++) m.SetPageAnonExclusive(m.folio_page(folio, i));
        folio_mod_large_mapcount(folio, (int) nr - 1);
        folio.set__entire_mapcount(folio._entire_mapcount() - 1);
        // The PTEs count below ENTIRELY_MAPPED; the PMD's ENTIRELY_MAPPED goes with the PMD.
        folio.set__nr_pages_mapped(folio._nr_pages_mapped() + (int) nr - ENTIRELY_MAPPED);
    }

    /** folio_remove_rmap_ptes(): unmap {@code nr} PTEs starting at {@code page}. */
    @Source(file = "mm/rmap.c", ref = "v6.19")
    default void folio_remove_rmap_ptes(Folio folio, Page page, int nr) {
        __folio_remove_rmap(folio, page, nr, false);
    }

    @Source(file = "mm/rmap.c", ref = "v6.19")
    default void folio_remove_rmap_pmd(Folio folio) {
        __folio_remove_rmap(folio, folio.page(), (int) machine().folio_nr_pages(folio), true);
    }

    /**
     * __folio_remove_rmap(): drop the mapcounts; a large anon folio of which some pages are still
     * mapped and some are not is "partially mapped", and the design decides whether it goes on the
     * deferred split queue.
     */
    @Source(file = "mm/rmap.c", ref = "<20250916122128.2098535-2-balbirs@nvidia.com>")
    default void __folio_remove_rmap(Folio folio, Page page, int nr, boolean pmd) {
        Machine m = machine();
        m.step("__folio_remove_rmap");
        if (!m.folio_test_large(folio)) {
            page.set__mapcount(page._mapcount() - 1);
            return;
        }
        long folioNr = m.folio_nr_pages(folio);
        boolean partially_mapped = false;
        if (pmd) {
            folio.set__entire_mapcount(folio._entire_mapcount() - 1);
            folio_mod_large_mapcount(folio, -1);
            int mapped = folio._nr_pages_mapped() - ENTIRELY_MAPPED;
            folio.set__nr_pages_mapped(mapped);
            partially_mapped = mapped > 0 && mapped < folioNr;
        } else {
            int unmappedNow = 0;
            for (int i = 0; i < nr; i++) {
                Page p = page.add(i);
                p.set__mapcount(p._mapcount() - 1);
                if (p._mapcount() == -1) unmappedNow++;
            }
            folio_mod_large_mapcount(folio, -nr);
            int mapped = folio._nr_pages_mapped() - unmappedNow;
            folio.set__nr_pages_mapped(mapped);
            // partially_mapped = nr && atomic_read(mapped): only when this call newly unmapped some page
            // (mm/rmap.c:1819 in 7.2.13).
            partially_mapped = unmappedNow > 0 && mapped > 0 && folio._entire_mapcount() < 0;
        }
        if (m.design().shouldDeferSplit(folio, partially_mapped))
            m.deferred_split_folio(folio, true);
    }
}
