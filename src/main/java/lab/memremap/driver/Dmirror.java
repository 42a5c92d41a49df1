package lab.memremap.driver;

import java.util.ArrayDeque;
import java.util.Deque;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Page;
import lab.memremap.model.SystemRamPage;

/**
 * lib/test_hmm.c's dmirror device after the series (kernel-history.md §3.1): chunks of
 * DEVMEM_CHUNK_SIZE (256 MiB), each its own pgmap; a chunk created for a large request puts every
 * HPAGE_PMD_NR-aligned run on free_folios and the rest on free_pages, a small request puts everything
 * on free_pages; a freed folio goes back to the list of its order, so pfns are re-used at the same
 * order only. Scenarios pass a smaller chunk to keep the memmap small.
 */
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

    /** dmirror_devmem_alloc_page(dmirror, is_large): order HPAGE_PMD_ORDER or 0. */
    public Folio allocate(boolean isLarge) {
        Deque<Page> list = isLarge ? freeFolios : freePages;
        if (list.isEmpty()) allocateChunk(isLarge);
        if (list.isEmpty()) throw new IllegalStateException("dmirror: -ENOMEM for a " + (isLarge ? "large" : "small") + " page");
        Page dpage = list.pop();
        int order = isLarge ? HPAGE_PMD_ORDER : 0;
        m.setOperation("dmirror: alloc order " + order);
        calloc += 1L << order;
        Folio f = initAndFinalize(dpage, pgmapOf(dpage), order, false);
        // dpage->zone_device_data = rpage, the system page that holds a private page's data (lib/test_hmm.c:730
        // in 7.2.13); a coherent page holds its own data, and dmirror_migrate_alloc_and_copy() stores the
        // dmirror in its zone_device_data (BACKING_PAGE(dpage) is dpage, :808-816).
        dpage.set_zone_device_data(type == MemoryType.MEMORY_DEVICE_PRIVATE
                ? new SystemRamPage("test_hmm's backing page of pfn 0x" + Long.toHexString(dpage.pfn())) : this);
        return f;
    }

    /** dmirror_allocate_chunk(): a new pgmap; its pages go on the free lists. */
    private void allocateChunk(boolean isLarge) {
        DevPagemap p = addPgmap("hmm_dmirror." + pgmaps.size(), chunkPages);
        int off = 0;
        if (isLarge)
            for (; off + HPAGE_PMD_NR <= chunkPages; off += HPAGE_PMD_NR) freeFolios.add(p.page(off));
        for (; off < chunkPages; off++) freePages.add(p.page(off));
    }

    /** dmirror_devmem_free (folio_free): the folio goes back to the list of its order. */
    @Override protected void devmemFree(Page head, int order) {
        DevPagemap p = pgmapOf(head);
        if (p == null) return;
        cfree += 1L << order;
        p.noteHandedOut(-(1L << order));
        // The free lists are linked through zone_device_data (lib/test_hmm.c:1640-1648 in 7.2.13).
        Deque<Page> list = order > 0 ? freeFolios : freePages;
        head.set_zone_device_data(list.peek());
        list.push(head);
    }

    /**
     * dmirror_devmem_folio_split(head, tail): with a folio_split op the kernel copies nothing itself, so
     * the driver gives the new folio the backing pointer, the mapping and the pgmap of the original.
     */
    @Override protected void folioSplit(Folio head, Folio tail) {
        if (tail == null) return;   // final call: test_hmm resets its backing folio's order; nothing to model
        tail.page().set_zone_device_data(head.page().zone_device_data());
        tail.set_mapping(head.mapping());
        tail.set_pgmap(head.page().pgmap());
    }
}
