package lab.memremap.model;

/**
 * What the model can hold, checked before memremap_pages() touches anything: the memmap is Java arrays
 * indexed from {@link Machine#DEVICE_BASE_PFN} (so a range must lie above it and within 2^31 pages of it),
 * and they must fit the Java heap. Input outside these limits is the user's mistake, not a kernel path:
 * it gets an exception naming the function and the value, and the machine stays as it was.
 */
final class ModelLimits {
    /** Dense memmap bytes per struct page (five int words and the mapping byte; see {@link Memmap}). */
    static final int BYTES_PER_PAGE = 21;

    private ModelLimits() {}

    /** The most struct pages the memmap may hold: half the heap, leaving room to copy it once as it grows. */
    static long maxPages() {
        return Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_PAGE;
    }

    static void checkPgmap(Machine m, DevPagemap pgmap) {
        long base = m.memmap.basePfn;
        if (pgmap.vmemmap_shift < 0)
            throw new IllegalArgumentException("memremap_pages: " + pgmap.name + ".vmemmap_shift is " + pgmap.vmemmap_shift
                    + "; it is an unsigned long in the kernel, so give 0 (order-0 pages) or a positive order");
        for (DevPagemap.Range r : pgmap.ranges) {
            if (r.start() < base)
                throw new IllegalArgumentException(String.format("memremap_pages: %s range pfn 0x%x-0x%x starts below pfn"
                        + " 0x%x (4 GiB), where the model's device memory begins; take ranges from reservePfnRange()",
                        pgmap.name, r.start(), r.end() - 1, base));
            if (r.end() - base > Integer.MAX_VALUE)
                throw new IllegalArgumentException(String.format("memremap_pages: %s range pfn 0x%x-0x%x ends beyond pfn"
                        + " 0x%x, the last one the model's memmap can index; take ranges from reservePfnRange()",
                        pgmap.name, r.start(), r.end() - 1, base + Integer.MAX_VALUE - 1));
            long pages = r.end() - base;
            if (pages > maxPages())
                throw new IllegalArgumentException(String.format("memremap_pages: %s needs a memmap of %d struct pages"
                        + " up to pfn 0x%x (%d MiB in the model); this Java heap (-Xmx %d MiB) holds at most %d pages,"
                        + " that is %d GiB of device memory from pfn 0x%x: use a smaller range or a larger heap",
                        pgmap.name, pages, r.end() - 1, pages * BYTES_PER_PAGE >> 20,
                        Runtime.getRuntime().maxMemory() >> 20, maxPages(), maxPages() >> 18, base));
        }
    }
}
