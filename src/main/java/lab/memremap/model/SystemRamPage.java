package lab.memremap.model;

/**
 * A struct page of ordinary system RAM, with only what a driver that backs device memory by RAM
 * uses: the folio it belongs to (its compound head), that folio's order, the page's refcount and its
 * zone_device_data word. lib/test_hmm.c's device-private dmirror is such a driver: every device folio
 * is backed by a RAM folio of the same order (7.2.13 lib/test_hmm.c:704-705), whose pages its split and
 * free callbacks read. Outside the memmap of ZONE_DEVICE pages: it has no pfn there and no flags.
 * A double free is the model's finding, on its notes channel (the kernel's own report, the
 * {@code VM_BUG_ON_PAGE(page_ref_count(page) == 0)} of put_page_testzero(), include/linux/mm.h:1810 in
 * 7.2.13, is not modelled for RAM pages).
 */
@Source(file = "mm/page_alloc.c", ref = "v7.2.13", note = "folio_alloc(), __free_pages(); only the words test_hmm reads")
public final class SystemRamPage {
    /** The pages of the allocation this page came from (one folio_alloc()); [0] is its first head. */
    private final SystemRamPage[] allocation;
    private final int index;
    /** The page whose folio this page belongs to: itself unless it is a tail. */
    private SystemRamPage head;
    /** folio_order() when this page is a head (the order byte of _flags_1), else unused. */
    private int order;
    private int refcount;
    private boolean free;
    private Object zoneDeviceData;

    private SystemRamPage(SystemRamPage[] allocation, int index) {
        this.allocation = allocation;
        this.index = index;
    }

    /** folio_alloc(GFP_HIGHUSER, order): a new RAM folio of {@code order}, refcount 1; returns its head. */
    public static SystemRamPage folio_alloc(int order) {
        if (order < 0 || order > Constants.MAX_PAGE_ORDER)
            throw new IllegalArgumentException("folio_alloc: order " + order + "; the page allocator hands out orders 0.."
                    + Constants.MAX_PAGE_ORDER + " (MAX_PAGE_ORDER)");
        SystemRamPage[] pages = new SystemRamPage[1 << order];
        for (int i = 0; i < pages.length; i++) pages[i] = new SystemRamPage(pages, i);
        for (SystemRamPage p : pages) p.head = pages[0];
        pages[0].order = order;
        pages[0].refcount = 1;
        return pages[0];
    }

    /** folio_page(folio, n): page n of the folio this page heads. */
    public SystemRamPage folio_page(long n) {
        if (head != this) throw new IllegalArgumentException("folio_page: " + this + " is not the head of a folio");
        if (n < 0 || index + n >= allocation.length)
            throw new IllegalArgumentException("folio_page: page " + n + " is outside " + this + "'s allocation");
        return allocation[(int) (index + n)];
    }

    /** page_folio(page): the head of the folio this page belongs to. */
    public SystemRamPage page_folio() {
        return head;
    }

    /** folio_order(folio) of the folio this page heads (0 for a single page). */
    public int folio_order() {
        if (head != this) throw new IllegalArgumentException("folio_order: " + this + " is a tail page, not a folio");
        return order;
    }

    /** folio_reset_order(): clears the order byte (include/linux/mm.h:1780 in 7.2.13). */
    public void folio_reset_order() {
        folio_order();
        order = 0;
    }

    /** clear_compound_head(): this page is no longer a tail; it heads a single-page folio. */
    public void clear_compound_head() {
        head = this;
        order = 0;
    }

    /** folio_set_count(folio, n). */
    public void folio_set_count(int n) {
        refcount = n;
    }

    public int refcount() {
        return refcount;
    }

    public Object zone_device_data() {
        return zoneDeviceData;
    }

    public void set_zone_device_data(Object v) {
        zoneDeviceData = v;
    }

    /** Whether the page allocator has this page back. */
    public boolean isFree() {
        return free;
    }

    /** This page's offset in the allocation it came from. */
    public int offsetInAllocation() {
        return index;
    }

    /**
     * __free_pages(page, order): drops the reference; when it was the last, the 2^order pages from this
     * one go back to the page allocator. Returns null, or what went wrong, in the model's words: a page
     * freed twice, or a free that also takes pages of another live folio.
     */
    public String __free_pages(int order) {
        if (free || refcount == 0) return String.format("__free_pages(%s, %d): the page is already free (a double free)", this, order);
        if (--refcount > 0) return null;
        if (index + (1 << order) > allocation.length)
            return String.format("__free_pages(%s, %d): the range runs past the %d pages allocated", this, order, allocation.length);
        String wrong = null;
        for (int i = 0; i < 1 << order; i++) {
            SystemRamPage p = allocation[index + i];
            if (p.free && wrong == null) wrong = String.format("__free_pages(%s, %d): %s is already free (a double free)", this, order, p);
            else if (p != this && p.head == p && p.refcount > 0 && wrong == null)
                wrong = String.format("__free_pages(%s, %d): %s heads another live folio (refcount %d)", this, order, p, p.refcount);
            p.free = true;
        }
        return wrong;
    }

    @Override public String toString() {
        return "RAM page +" + index + " of an order-" + Integer.numberOfTrailingZeros(allocation.length) + " allocation";
    }
}
