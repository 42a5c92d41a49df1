package lab.memremap.driver;

import java.util.ArrayDeque;
import java.util.Deque;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Page;
import lab.memremap.model.Source;
import lab.memremap.model.SystemRamPage;

/**
 * lib/test_hmm.c's dmirror device after the series (kernel-history.md §3.1), as in 7.2.13: chunks of
 * DEVMEM_CHUNK_SIZE (256 MiB), each its own pgmap; a chunk created for a large request puts every
 * HPAGE_PMD_NR-aligned run on free_folios and the rest on free_pages, a small request puts everything
 * on free_pages; a freed folio goes back to the list of its order, so pfns are re-used at the same
 * order only. Scenarios pass a smaller chunk to keep the memmap small.
 *
 * <p>A device-private dmirror fakes device memory with system RAM: each device folio's
 * zone_device_data points to a RAM folio of the same order (its backing page, {@link SystemRamPage}),
 * whose own zone_device_data points to the mirror. On a split each new device folio gets the backing
 * page at its own offset; on a free the driver reads the order of the backing folio, not of the device
 * folio, and frees the backing pages at that order. A COHERENT dmirror stores data in the device page
 * itself and has no backing page.
 */
@Source(file = "lib/test_hmm.c", ref = "7.2.13", line = 1620,
        note = "BACKING_PAGE 48-49; dmirror_devmem_alloc_page 690-731; dmirror_devmem_free 1620-1651;"
                + " dmirror_devmem_folio_split 1732-1764")
public class Dmirror extends DeviceDriver {
    /** DEVMEM_CHUNK_SIZE: 256 MiB = 65536 pages. */
    public static final int DEVMEM_CHUNK_PAGES = 65536;
    private final int chunkPages;
    private final Deque<Page> freePages = new ArrayDeque<>();
    private final Deque<Page> freeFolios = new ArrayDeque<>();
    /** calloc / cfree of test_hmm: pages handed out and given back. */
    public long calloc;
    public long cfree;

    public Dmirror(Machine m, MemoryType type) {
        this(m, type, DEVMEM_CHUNK_PAGES);
    }

    public Dmirror(Machine m, MemoryType type, int chunkPages) {
        super(m, "dmirror", type);
        if (chunkPages < HPAGE_PMD_NR || chunkPages % HPAGE_PMD_NR != 0)
            throw new IllegalArgumentException("Dmirror: chunkPages " + chunkPages + " must be a multiple of " + HPAGE_PMD_NR);
        this.chunkPages = chunkPages;
    }

    /**
     * dmirror_devmem_alloc_page(dmirror, is_large): order HPAGE_PMD_ORDER or 0. A device-private
     * dmirror first allocates the backing RAM folio of that order (test_hmm.c:704-705), and points the
     * device page at it once the folio is initialised (test_hmm.c:730); the migrate path then stores
     * the mirror in the backing page (test_hmm.c:816).
     */
    public Folio allocate(boolean isLarge) {
        int order = isLarge ? HPAGE_PMD_ORDER : 0;
        SystemRamPage rpage = isPrivate() ? SystemRamPage.folio_alloc(order) : null;
        Deque<Page> list = isLarge ? freeFolios : freePages;
        if (list.isEmpty()) allocateChunk(isLarge);
        if (list.isEmpty()) throw new IllegalStateException("dmirror: -ENOMEM for a " + (isLarge ? "large" : "small") + " page");
        Page dpage = list.pop();
        m.setOperation("dmirror: alloc order " + order);
        calloc += 1L << order;
        DevPagemap p = pgmapOf(dpage);
        Folio folio = handOut(p, offsetOf(p, dpage), order, false);
        dpage.set_zone_device_data(rpage);
        if (rpage != null) rpage.set_zone_device_data(this);
        return folio;
    }

    /** dmirror_allocate_chunk(): a new pgmap; its pages go on the free lists. */
    private void allocateChunk(boolean isLarge) {
        DevPagemap p = addPgmap("hmm_dmirror." + pgmaps.size(), chunkPages);
        int off = 0;
        if (isLarge)
            for (; off + HPAGE_PMD_NR <= chunkPages; off += HPAGE_PMD_NR) freeFolios.add(p.page(off));
        for (; off < chunkPages; off++) freePages.add(p.page(off));
    }

    private boolean isPrivate() {
        return type == MemoryType.MEMORY_DEVICE_PRIVATE;
    }

    /** BACKING_PAGE(page) (test_hmm.c:48-49): the RAM page in zone_device_data if device-private, else the page itself. */
    public Object backingPage(Page page) {
        return isPrivate() ? page.zone_device_data() : page;
    }

    /** dmirror_devmem_free() reads the order of the backing folio (test_hmm.c:1625-1626), not the device folio's. */
    @Override protected int freedOrder(Page head) {
        if (backingPage(head) instanceof SystemRamPage rpage) return rpage.page_folio().folio_order();
        return super.freedOrder(head);
    }

    /**
     * dmirror_devmem_free (test_hmm.c:1620-1651): free the backing pages at the backing folio's order,
     * then put the device page back on the list of that order and count it in cfree.
     */
    @Override protected void devmemFree(Page head, int order) {
        DevPagemap p = pgmapOf(head);
        if (p == null) return;
        Object backing = backingPage(head);
        if (backing instanceof SystemRamPage rpage) {
            String wrong = rpage.__free_pages(order);
            if (wrong != null)
                m.note(ModelNotes.Kind.KASAN, "dmirror_devmem_free", wrong + " for device pfn 0x" + Long.toHexString(head.pfn())
                        + "; a DEBUG_VM kernel stops at put_page_testzero()'s VM_BUG_ON_PAGE, a production kernel corrupts"
                        + " the page allocator silently");
        } else if (isPrivate()) {
            m.note(ModelNotes.Kind.KASAN, "dmirror_devmem_free", String.format("device pfn 0x%x has no backing page"
                    + " (zone_device_data is NULL): test_hmm dereferences NULL in page_folio(rpage)", head.pfn()));
        }
        cfree += 1L << order;
        forget(head);
        p.noteHandedOut(-(1L << order));
        // The kernel links the free list through zone_device_data (test_hmm.c:1643, 1646); the model keeps
        // its lists in the driver, so the page keeps no pointer to its freed backing page.
        head.set_zone_device_data(null);
        if (order > 0) freeFolios.push(head);
        else freePages.push(head);
    }

    @Override protected boolean hasFolioSplit() {
        return true;
    }

    /**
     * dmirror_devmem_folio_split(head, tail) (test_hmm.c:1732-1764): with a folio_split op the kernel
     * copies nothing itself. For each new folio the driver takes the backing page at the new folio's
     * offset from the head, makes it a page of its own (clear_compound_head, count 1) that points to the
     * mirror, and gives the new folio that backing page, the mapping and the pgmap of the original.
     * The last call (tail == null) resets the backing folio's order (it is now order 0).
     */
    @Override protected void folioSplit(Folio head, Folio tail) {
        Object backing = backingPage(head.page());
        if (backing == null) {
            if (tail != null) tail.page().set_zone_device_data(null);
            return;
        }
        SystemRamPage rpage = (SystemRamPage) backing;
        SystemRamPage rfolio = rpage.page_folio();
        if (tail == null) {
            rfolio.folio_reset_order();
            rfolio.folio_set_count(1);
            return;
        }
        long offset = tail.pfn() - head.pfn();
        SystemRamPage rpageTail = rfolio.folio_page(offset);
        tail.page().set_zone_device_data(rpageTail);
        rpageTail.set_zone_device_data(rpage.zone_device_data());
        rpageTail.clear_compound_head();
        tail.set_mapping(head.mapping());
        tail.set_pgmap(head.page().pgmap());
        rpageTail.folio_set_count(1);
    }
}
