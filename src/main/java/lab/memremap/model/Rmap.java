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
     * folio_add_new_anon_rmap(): a fresh anon folio, mapped once by PMD ({@code pmd}) or by PTEs;
     * exclusive pages get PG_anon_exclusive.
     */
    @Source(file = "mm/rmap.c", ref = "v6.19")
    default void folio_add_new_anon_rmap(Folio folio, boolean exclusive, boolean pmd) {
        Machine m = machine();
        m.step("folio_add_new_anon_rmap");
        folio.set_mapping(Memmap.MAPPING_ANON);
        long nr = m.folio_nr_pages(folio);
        if (!m.folio_test_large(folio)) {
            folio.set__mapcount(0);
        } else if (pmd) {
            folio.set__entire_mapcount(0);
            folio.set__large_mapcount(0);
        } else {
            for (int i = 0; i < nr; i++) m.folio_page(folio, i).set__mapcount(0);
            folio.set__large_mapcount((int) nr - 1);
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
        for (int i = 0; i < nr; i++) m.folio_page(folio, i).set__mapcount(m.folio_page(folio, i)._mapcount() + 1);
        if (anonExclusive) for (int i = 0; i < nr; i++) m.SetPageAnonExclusive(m.folio_page(folio, i));
        folio.set__large_mapcount(folio._large_mapcount() + (int) nr - 1);
        folio.set__entire_mapcount(folio._entire_mapcount() - 1);
        folio.set__nr_pages_mapped(folio._nr_pages_mapped() + (int) nr);
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
            folio.set__large_mapcount(folio._large_mapcount() - 1);
            int mapped = folio._nr_pages_mapped();
            partially_mapped = mapped > 0 && mapped < folioNr;
        } else {
            int unmappedNow = 0;
            for (int i = 0; i < nr; i++) {
                Page p = page.add(i);
                p.set__mapcount(p._mapcount() - 1);
                if (p._mapcount() == -1) unmappedNow++;
            }
            folio.set__large_mapcount(folio._large_mapcount() - nr);
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
