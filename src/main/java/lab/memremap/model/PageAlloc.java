package lab.memremap.model;

import static lab.memremap.model.PageFlagBits.PG_head;

/**
 * mm/page_alloc.c and mm/internal.h: building a compound page. Nothing in ZONE_DEVICE undoes it when
 * a device folio is freed (the buddy's free_pages_prepare() never runs there): the root of bug B7.
 */
@Source(file = "mm/page_alloc.c", ref = "v6.19")
public interface PageAlloc extends KernelContext {

    /** prep_compound_page(): PG_head, every tail, then the head's folio fields. Does not touch refcount, PG_locked or the head's pgmap. */
    @Source(file = "mm/page_alloc.c", ref = "v6.19")
    default void prep_compound_page(Page page, int order) {
        machine().step("prep_compound_page");
        long nr_pages = nrPages("prep_compound_page", order);
        machine().__SetPageHead(page);
        for (int i = 1; i < nr_pages; i++) prep_compound_tail(page, i);
        prep_compound_head(page, order);
    }

    /** prep_compound_tail(): mapping = TAIL_MAPPING, compound_head = head + 1, private = 0. Other flags of the tail stay as they were. */
    @Source(file = "mm/internal.h", ref = "v6.19")
    default void prep_compound_tail(Page head, int tail_idx) {
        Page p = head.add(tail_idx);
        p.set_mapping(Memmap.MAPPING_TAIL);
        machine().set_compound_head(p, head);
        p.set_private_word(0);
    }

    /**
     * prep_compound_head(): order (and _nr_pages), mapcounts biased to -1, with CONFIG_MM_ID no mm ids and
     * their mapcounts -1 (page[1]'s words 4 and 5, as the Linux 7.2 golden trace k1-reinit shows), pincount 0,
     * the deferred list for order > 1.
     */
    @Source(file = "mm/internal.h", ref = "v6.19",
            note = "CONFIG_PAGE_MAPCOUNT=y, 64-bit; the MM_ID lines are mm/internal.h:880-884 of 7.2.13, seen in golden/linux-7.2/k1-reinit.trace")
    default void prep_compound_head(Page page, int order) {
        Folio folio = page.as_folio();
        folio_set_order(folio, order);
        folio.set__large_mapcount(-1);
        folio.set__nr_pages_mapped(0);
        if (machine().config.mmId) {
            folio.set__mm_ids(0);
            folio.set__mm_id_mapcount(0, -1);
            folio.set__mm_id_mapcount(1, -1);
        }
        // 64-bit: _pincount and _entire_mapcount exist for every large folio (they sit in page[1]'s word 3).
        folio.set__pincount(0);
        folio.set__entire_mapcount(-1);
        if (order > 1) folio.init_deferred_list();
    }

    /** folio_set_order(): WARN_ON_ONCE(!order || !large) returns; VM_WARN_ON_ONCE(order > MAX_FOLIO_ORDER); writes page[1]'s low byte. */
    @Source(file = "mm/internal.h", ref = "<20250821200701.1329277-1-david@redhat.com>",
            note = "the MAX_FOLIO_ORDER warning is from David Hildenbrand's Aug 2025 series")
    default void folio_set_order(Folio folio, int order) {
        Machine m = machine();
        if (m.WARN_ON_ONCE(order == 0 || !m.folio_test_large(folio))) return;
        m.VM_WARN_ON_ONCE(order > m.config.maxFolioOrder);
        folio.set__flags_1((folio._flags_1() & ~0xff) | (order & 0xff));
        if (m.config.nrPagesInLargeFolio) folio.set__nr_pages(1 << order);
    }

    /** folio_reset_order(): WARN_ON_ONCE(!large) returns; clears page[1]'s order byte and _nr_pages. */
    @Source(file = "include/linux/mm.h", ref = "<20251001065707.920170-1-balbirs@nvidia.com>",
            note = "added with the folio_split callback; test_hmm uses it")
    default void folio_reset_order(Folio folio) {
        Machine m = machine();
        if (m.WARN_ON_ONCE(!m.folio_test_large(folio))) return;
        folio.set__flags_1(folio._flags_1() & ~0xff);
        if (m.config.nrPagesInLargeFolio) folio.set__nr_pages(0);
    }

    /** page_rmappable_folio(): the cast, and PG_large_rmappable if the folio is large. */
    @Source(file = "mm/internal.h", ref = "v6.19")
    default Folio page_rmappable_folio(Page page) {
        Folio folio = page.as_folio();
        if (machine().folio_test_large(folio)) machine().folio_set_large_rmappable(folio);
        return folio;
    }

    /** 1 << order as C computes it for the orders where that is defined; the model refuses the rest. */
    static long nrPages(String function, int order) {
        if (order < 0 || order >= 31)
            throw new IllegalArgumentException(function + ": order " + order
                    + " makes 1 << order overflow a C int (undefined behaviour); the model does not guess");
        return 1L << order;
    }

    /** True when page is the head of a compound page. */
    static boolean isHead(Page page) {
        return page.test_bit(PG_head);
    }
}
