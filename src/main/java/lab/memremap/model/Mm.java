package lab.memremap.model;

/** include/linux/mm.h: folios from pages, order and size, and the get/put of a folio reference. */
@Source(file = "include/linux/mm.h", ref = "v6.19")
public interface Mm extends KernelContext {

    /** page_folio(): a cast of compound_head(). */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default Folio page_folio(Page page) {
        return machine().compound_head(page).as_folio();
    }

    /** folio_page(folio, n): &folio->page + n. */
    @Source(file = "include/linux/page-flags.h", ref = "v6.19")
    default Page folio_page(Folio folio, long n) {
        return folio.page().add(n);
    }

    /** folio_order(): 0 unless large, else the low byte of page[1]'s flags. */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default int folio_order(Folio folio) {
        if (!machine().folio_test_large(folio)) return 0;
        return folio._flags_1() & 0xff;
    }

    /** folio_nr_pages(): 1 unless large, else _nr_pages when stored (NR_PAGES_IN_LARGE_FOLIO) or 1 << order. */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default long folio_nr_pages(Folio folio) {
        if (!machine().folio_test_large(folio)) return 1;
        if (machine().config.nrPagesInLargeFolio) return Integer.toUnsignedLong(folio._nr_pages());
        return 1L << folio_order(folio);
    }

    /** folio_get(): VM_BUG_ON_FOLIO(folio_ref_zero_or_close_to_overflow(folio)), then +1. */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default void folio_get(Folio folio) {
        machine().VM_BUG_ON_FOLIO(machine().folio_ref_zero_or_close_to_overflow(folio), folio,
                "folio_ref_zero_or_close_to_overflow(folio)");
        machine().folio_ref_inc(folio);
    }

    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default void get_page(Page page) {
        folio_get(page_folio(page));
    }

    /** folio_put(): drop a reference; at zero, __folio_put() hands a ZONE_DEVICE folio to free_zone_device_folio(). */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default void folio_put(Folio folio) {
        if (machine().folio_put_testzero(folio)) __folio_put(folio);
    }

    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default void put_page(Page page) {
        folio_put(page_folio(page));
    }

    /** __folio_put() (mm/swap.c): ZONE_DEVICE folios go to free_zone_device_folio(); the model has no other memory. */
    @Source(file = "mm/swap.c", ref = "v6.19")
    default void __folio_put(Folio folio) {
        Machine m = machine();
        if (!m.folio_is_zone_device(folio))
            throw new IllegalStateException("__folio_put: " + folio + " is not ZONE_DEVICE; the model only has device memory");
        try {
            m.design().free_zone_device_folio(folio);
        } finally {
            m.freePathDone();
        }
    }

    /** folio_mapcount(): order-0 _mapcount + 1, or _large_mapcount + 1. */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default int folio_mapcount(Folio folio) {
        if (!machine().folio_test_large(folio)) return folio._mapcount() + 1;
        return folio._large_mapcount() + 1;
    }

    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default boolean folio_mapped(Folio folio) {
        return folio_mapcount(folio) >= 1;
    }
}
