package lab.memremap.driver;

import java.util.ArrayDeque;
import java.util.Deque;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Page;

/**
 * nouveau_dmem-like (kernel-history.md §3.1): DMEM_CHUNK_SIZE 2 MiB chunks (512 pages, exactly one
 * order-9 folio), up to NR_CHUNKS 128, each its own pgmap. Small pages come from a free list through
 * the legacy order-0 entry (zone_device_page_init(page)); a large request takes a whole free chunk as
 * one folio, so a pfn is always used at the same order ("by coincidence", Matthew Brost).
 */
public class Nouveau extends DeviceDriver {
    public static final int DMEM_CHUNK_PAGES = 512;
    public static final int NR_CHUNKS = 128;
    private final Deque<Page> freePages = new ArrayDeque<>();
    private final Deque<Page> freeChunks = new ArrayDeque<>();

    public Nouveau(Machine m, MemoryType type) {
        super(m, "nouveau", type);
    }

    /** nouveau_dmem_page_alloc_locked(): order 0 or HPAGE_PMD_ORDER. */
    public Folio alloc(int order) {
        if (order != 0 && order != HPAGE_PMD_ORDER)
            throw new IllegalArgumentException("Nouveau.alloc: order " + order + "; nouveau allocates order 0 or " + HPAGE_PMD_ORDER);
        Deque<Page> list = order == 0 ? freePages : freeChunks;
        if (list.isEmpty()) addChunk(order != 0);
        Page page = list.pop();
        m.setOperation("nouveau: alloc order " + order);
        DevPagemap p = pgmapOf(page);
        return handOut(p, offsetOf(p, page), order, order == 0);
    }

    private void addChunk(boolean whole) {
        if (pgmaps.size() == NR_CHUNKS) throw new IllegalStateException("nouveau: all " + NR_CHUNKS + " chunks in use");
        DevPagemap p = addPgmap("nouveau_dmem." + pgmaps.size(), DMEM_CHUNK_PAGES);
        if (whole) freeChunks.add(p.page(0));
        else for (int i = 0; i < DMEM_CHUNK_PAGES; i++) freePages.add(p.page(i));
    }

    /** nouveau_dmem_folio_free: back to the list of the order it finds (or is told). */
    @Override protected void devmemFree(Page head, int order) {
        DevPagemap p = pgmapOf(head);
        if (p == null) return;
        forget(head);
        p.noteHandedOut(-(1L << order));
        if (order > 0) freeChunks.push(head);
        else freePages.push(head);
    }
}
