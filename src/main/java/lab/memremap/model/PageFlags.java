package lab.memremap.model;

import static lab.memremap.model.PageFlagBits.*;

/**
 * include/linux/page-flags.h: page and folio flag tests and setters, the compound_head encoding of
 * word 1, and the second-page flags that live in page[1] of a large folio.
 */
@Source(file = "include/linux/page-flags.h", ref = "v6.19")
public interface PageFlags extends KernelContext {

    /** compound_head(page): word 1 with bit 0 set encodes head + 1; otherwise the page is its own head. No validation. */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19", note = "no validation: a stale tail encoding redirects silently")
    default Page compound_head(Page page) {
        Memmap mm = machine().memmap;
        int w = mm.word1[page.at("compound_head")];
        return (w & 1) != 0 ? new Page(machine(), w >>> 1) : page;
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default void set_compound_head(Page page, Page head) {
        machine().memmap.setWord1(page.atW("compound_head"), Memmap.encodeTail(head.index()));
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean PageTail(Page page) {
        return page.word1_is_tail();
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean PageHead(Page page) {
        return page.test_bit(PG_head);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default void __SetPageHead(Page page) {
        page.set_bit(PG_head);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default void __ClearPageHead(Page page) {
        page.clear_bit(PG_head);
    }

    /** ClearPageHead(): the atomic form; the model has one CPU touching a page at a time, so the same write. */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default void ClearPageHead(Page page) {
        page.clear_bit(PG_head);
    }

    /** clear_compound_head(): word 1 = 0, the page is no longer a tail (nor has it a pgmap until one is written). */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default void clear_compound_head(Page page) {
        machine().memmap.setWord1(page.atW("compound_head"), 0);
    }

    /**
     * folio_flags(folio, n): the flags word of page[n]. With CONFIG_DEBUG_VM_PGFLAGS the folio must not
     * be a tail page (bit 0 of word 1), and a flag of page[1] or later needs a large folio (PG_head).
     */
    @Source(file = "include/linux/page-flags.h", ref = "7.2.13", note = "folio_flags()/const_folio_flags(), lines 340-357")
    default Page folio_flags(Folio folio, int n) {
        Page page = folio.page();
        machine().VM_BUG_ON_PGFLAGS(page.word1_is_tail(), page, "page->compound_info & 1");
        machine().VM_BUG_ON_PGFLAGS(n > 0 && !page.test_bit(PG_head), page, "n > 0 && !test_bit(PG_head, &page->flags.f)");
        return n == 0 ? page : page.add(n);
    }

    /** folio_test_large(): PG_head on the folio's first page (folio_test_head(), FOLIO_HEAD_PAGE). */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean folio_test_large(Folio folio) {
        return folio_flags(folio, 0).test_bit(PG_head);
    }

    /** folio_test_lru(): ZONE_DEVICE folios never go on an LRU list, so this stays false unless a design sets it. */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean folio_test_lru(Folio folio) {
        return folio.test_bit(PG_lru);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean folio_test_locked(Folio folio) {
        return folio_flags(folio, 0).test_bit(PG_locked);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean PageLocked(Page page) {
        return folio_test_locked(machine().page_folio(page));
    }

    /** folio_test_anon(): the low bit PAGE_MAPPING_ANON of folio->mapping. */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean folio_test_anon(Folio folio) {
        return folio.mapping() == Memmap.MAPPING_ANON;
    }

    /** PageAnon(page): folio_test_anon() of the page's folio. */
    @Source(file = "include/linux/page-flags.h", ref = "7.2.13")
    default boolean PageAnon(Page page) {
        return folio_test_anon(machine().page_folio(page));
    }

    /** PageAnonExclusive(): only anon pages carry the bit (VM_BUG_ON_PGFLAGS(!PageAnon(page))); THP keeps it per page. */
    @Source(file = "include/linux/page-flags.h", ref = "7.2.13", note = "lines 1142-1152")
    default boolean PageAnonExclusive(Page page) {
        machine().VM_BUG_ON_PGFLAGS(!PageAnon(page), page, "!PageAnon(page)");
        return page.test_bit(PG_anon_exclusive);
    }

    /** __folio_set_swapbacked(): the non-atomic form, on a folio nobody else sees yet. */
    @Source(file = "include/linux/page-flags.h", ref = "7.2.13", note = "PAGEFLAG(SwapBacked, swapbacked, PF_NO_TAIL) __SETPAGEFLAG")
    default void __folio_set_swapbacked(Folio folio) {
        folio.page().set_bit(PageFlagBits.PG_swapbacked);
    }

    /** __folio_mark_uptodate(): the data is in place (smp_wmb, then PG_uptodate on the head). */
    @Source(file = "include/linux/page-flags.h", ref = "7.2.13", note = "__folio_mark_uptodate()")
    default void __folio_mark_uptodate(Folio folio) {
        folio.page().set_bit(PageFlagBits.PG_uptodate);
    }

    @Source(file = "include/linux/page-flags.h", ref = "7.2.13", note = "lines 1154-1159; the model has no KSM, so PageAnonNotKsm is PageAnon")
    default void SetPageAnonExclusive(Page page) {
        machine().VM_BUG_ON_PGFLAGS(!PageAnon(page), page, "!PageAnonNotKsm(page)");
        page.set_bit(PG_anon_exclusive);
    }

    @Source(file = "include/linux/page-flags.h", ref = "7.2.13", note = "lines 1161-1166; PageAnonNotKsm is PageAnon (no KSM)")
    default void ClearPageAnonExclusive(Page page) {
        machine().VM_BUG_ON_PGFLAGS(!PageAnon(page), page, "!PageAnonNotKsm(page)");
        page.clear_bit(PG_anon_exclusive);
    }

    @Source(file = "include/linux/page-flags.h", ref = "7.2.13", note = "lines 1168-1173")
    default void __ClearPageAnonExclusive(Page page) {
        machine().VM_BUG_ON_PGFLAGS(!PageAnon(page), page, "!PageAnon(page)");
        page.clear_bit(PG_anon_exclusive);
    }

    /** PG_large_rmappable is a second-page flag: bit 9 of page[1]'s flags. Sets it without checking that the folio is large, as the kernel does. */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19", note = "FOLIO_FLAG(large_rmappable, FOLIO_SECOND_PAGE)")
    default void folio_set_large_rmappable(Folio folio) {
        machine().step("folio_set_large_rmappable");
        folio_flags(folio, 1).set_bit(PG_large_rmappable);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean folio_test_large_rmappable(Folio folio) {
        // The kernel's test has no large check (its callers test the order first); the model's does, so that
        // the search may ask it of any folio, and checks the policy only where the kernel would reach page[1].
        return folio_test_large(folio) && folio_flags(folio, 1).test_bit(PG_large_rmappable);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default boolean folio_test_partially_mapped(Folio folio) {
        return folio_test_large(folio) && folio_flags(folio, 1).test_bit(PG_partially_mapped);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default void folio_set_partially_mapped(Folio folio) {
        folio_flags(folio, 1).set_bit(PG_partially_mapped);
    }

    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default void __folio_clear_partially_mapped(Folio folio) {
        folio_flags(folio, 1).clear_bit(PG_partially_mapped);
    }

    /** is_zone_device_page(): the zone number in the upper bits of flags is ZONE_DEVICE. */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default boolean is_zone_device_page(Page page) {
        return PageFlagBits.zone(page.flags()) == ZONE_DEVICE;
    }

    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default boolean folio_is_zone_device(Folio folio) {
        return is_zone_device_page(folio.page());
    }
}
