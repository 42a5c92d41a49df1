package lab.memremap.model;

/** include/linux/page_ref.h: the _refcount word of a page or folio head. Every change is traced. */
@Source(file = "include/linux/page_ref.h", ref = "v6.19")
public interface PageRef extends KernelContext {

    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default int page_ref_count(Page page) {
        return page._refcount();
    }

    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default int folio_ref_count(Folio folio) {
        return folio._refcount();
    }

    /** set_page_count(): writes the page's own counter, whatever compound_head says. */
    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default void set_page_count(Page page, int v) {
        change(page, v - page._refcount(), "set_page_count");
    }

    /** folio_set_count(): the same write, presuming the argument is a head (type discipline only). */
    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default void folio_set_count(Folio folio, int v) {
        change(folio, v - folio._refcount(), "folio_set_count");
    }

    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default void folio_ref_add(Folio folio, int nr) {
        change(folio, nr, "folio_ref_add");
    }

    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default void folio_ref_inc(Folio folio) {
        folio_ref_add(folio, 1);
    }

    /** folio_ref_sub_and_test(): true when the count reaches exactly zero. */
    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default boolean folio_ref_sub_and_test(Folio folio, int nr) {
        return change(folio, -nr, "folio_ref_sub_and_test") == 0;
    }

    @Source(file = "include/linux/page_ref.h", ref = "v6.19")
    default boolean folio_ref_dec_and_test(Folio folio) {
        return folio_ref_sub_and_test(folio, 1);
    }

    /** folio_put_testzero(): put_page_testzero(&folio->page). */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default boolean folio_put_testzero(Folio folio) {
        return put_page_testzero(folio.page());
    }

    /** put_page_testzero(): VM_BUG_ON_PAGE(page_ref_count(page) == 0, page) before the decrement (the BUG of S7 and S9). */
    @Source(file = "include/linux/mm.h", ref = "v6.19",
            warnLines = {"VM_BUG_ON_PAGE(page_ref_count(page) == 0)@6.12=1140", "VM_BUG_ON_PAGE(page_ref_count(page) == 0)@7.2=1810"})
    default boolean put_page_testzero(Page page) {
        machine().VM_BUG_ON_PAGE(page_ref_count(page) == 0, page, "page_ref_count(page) == 0");
        return folio_ref_dec_and_test(page.as_folio());
    }

    /** folio_ref_freeze(): if the count is exactly {@code count}, make it 0 (nobody can get a reference); true if it did. */
    @Source(file = "include/linux/page_ref.h", ref = "7.2.13")
    default boolean folio_ref_freeze(Folio folio, int count) {
        if (folio_ref_count(folio) != count) return false;
        change(folio, -count, "folio_ref_freeze");
        return true;
    }

    /** folio_ref_unfreeze(): VM_BUG_ON(folio_ref_count(folio) != 0), then the count is {@code count} again. */
    @Source(file = "include/linux/page_ref.h", ref = "7.2.13")
    default void folio_ref_unfreeze(Folio folio, int count) {
        machine().VM_BUG_ON(folio_ref_count(folio) != 0);
        change(folio, count, "folio_ref_unfreeze");
    }

    /** folio_ref_zero_or_close_to_overflow(): (unsigned)(count + 127) <= 127. */
    @Source(file = "include/linux/mm.h", ref = "v6.19")
    default boolean folio_ref_zero_or_close_to_overflow(Folio folio) {
        return Integer.compareUnsigned(folio_ref_count(folio) + 127, 127) <= 0;
    }

    /** One traced change of a _refcount word (the page_ref tracepoints); returns the new value. */
    private int change(StructPage page, int delta, String function) {
        Machine m = machine();
        m.step(function);
        int v = page._refcount() + delta;
        m.memmap.setRefcount(page.index(), v);
        m.trace.refcount(function, page.index(), delta, v);
        return v;
    }
}
