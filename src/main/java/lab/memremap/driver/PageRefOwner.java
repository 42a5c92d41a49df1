package lab.memremap.driver;

import java.util.List;
import java.util.TreeMap;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelApi;
import lab.memremap.model.Machine;
import lab.memremap.model.Memmap;
import lab.memremap.model.MemoryType;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Page;

/**
 * The owner of a pgmap whose pages no driver allocates per folio, which takes and drops references on
 * them: device-dax (GENERIC; pages idle at refcount 1, mapped with folio_get()), fs/dax (FS_DAX; pages
 * idle at 0, the filesystem takes the first reference with folio_ref_inc() when it maps one, 7.2.13
 * fs/dax.c:1892) and pci_p2pdma (PCI_P2PDMA; idle at 0, p2pmem_alloc_mmap() sets the count to 1,
 * drivers/pci/p2pdma.c:151, and its free callback takes the page back into the pool,
 * p2pdma_folio_free(), drivers/pci/p2pdma.c:211). After each put the model checks, on its notes
 * channel, that the page is idle at its type's count again, that the free path left the owner's
 * mapping alone, that an FS_DAX waiter was woken and a P2PDMA page came back to the pool.
 */
public final class PageRefOwner implements KernelApi {
    private final Machine m;
    private final MemoryType type;
    private final DevPagemap pgmap;
    private final int index;
    private final TreeMap<Integer, Allocation> held = new TreeMap<>();
    private boolean wokeUp;
    private boolean returnedToPool;

    /**
     * Registers a pgmap of {@code pages} with memremap_pages(); {@code index} is the number the caller
     * gives it in the records. A P2PDMA provider has its free callback unless {@code withoutCallback}
     * (a buggy provider).
     */
    public PageRefOwner(Machine m, String name, MemoryType type, int pages, int vmemmapShift, int index, Object owner,
                        boolean withoutCallback) {
        if (type.countsPerAllocation())
            throw new IllegalArgumentException("PageRefOwner: " + type + " pages are allocated by a driver (DeviceDriver), not referenced");
        this.m = m;
        this.type = type;
        this.index = index;
        DevPagemapOps ops = type == MemoryType.MEMORY_DEVICE_PCI_P2PDMA && !withoutCallback
                ? DevPagemapOps.builder().free((head, order) -> returnedToPool = true).build()
                : null;
        this.pgmap = m.newPgmap(name, type, ops, owner);
        pgmap.vmemmap_shift = vmemmapShift;
        long start = m.reservePfnRange(pages);
        pgmap.setRanges(List.of(new DevPagemap.Range(start, start + pages)));
        if (m.memremap_pages(pgmap, 0) != 0) throw new IllegalStateException("PageRefOwner: memremap_pages refused " + name);
        if (type == MemoryType.MEMORY_DEVICE_FS_DAX)
            m.addStepListener((machine, function) -> {
                if (function.equals("wake_up_var")) wokeUp = true;
            });
    }

    @Override public Machine machine() {
        return m;
    }

    public DevPagemap pgmap() {
        return pgmap;
    }

    /** The pages the owner holds a reference on, as order-0 records. */
    public List<Allocation> records() {
        return List.copyOf(held.values());
    }

    public boolean holds(int offset) {
        return held.containsKey(offset);
    }

    /** Takes a reference on an idle page, as its owner does when it maps it. */
    public void get(int offset) {
        Folio folio = page_folio(pgmap.page(offset));
        if (type == MemoryType.MEMORY_DEVICE_FS_DAX) folio_ref_inc(folio);
        else if (type == MemoryType.MEMORY_DEVICE_PCI_P2PDMA) set_page_count(folio.page(), 1);
        else folio_get(folio);
        // The owner maps the page for a file: device-dax's dax_set_mapping(), fs/dax.c's dax_associate_entry().
        if (type != MemoryType.MEMORY_DEVICE_PCI_P2PDMA && folio.mapping() == Memmap.MAPPING_NULL) folio.set_mapping(Memmap.MAPPING_FILE);
        held.put(offset, new Allocation(index, offset, 0, false, Allocation.Held.HELD, Allocation.Mapped.NONE));
    }

    /** Drops the reference {@link #get} took: FS_DAX's last put frees the page (free_zone_device_folio wakes waiters). */
    public void put(int offset) {
        held.remove(offset);
        Page page = pgmap.page(offset);
        wokeUp = false;
        returnedToPool = false;
        put_page(page);
        // Model checks (the kernel reports neither): a put page is idle again at its type's idle count
        // (GENERIC 1, FS_DAX 0; mm/mm_init.c:1032-1049), and the free path left the owner's mapping alone
        // (mm/memremap.c:444-450: FS_DAX and GENERIC mappings belong to fs/dax.c and device-dax).
        Folio folio = page_folio(page);
        String at = pgmap.name + " +" + offset;
        int idle = type == MemoryType.MEMORY_DEVICE_GENERIC ? 1 : 0;
        if (folio_ref_count(folio) != idle)
            note(String.format("%s: idle %s page at refcount %d, not %d", at, type, folio_ref_count(folio), idle));
        if (type != MemoryType.MEMORY_DEVICE_PCI_P2PDMA && folio.mapping() != Memmap.MAPPING_FILE)
            note(String.format("%s: the free path changed the %s owner's mapping", at, type));
        // An FS_DAX page going idle wakes the filesystem waiting for it (dax_break_layout(), mm/memremap.c:469-471).
        if (type == MemoryType.MEMORY_DEVICE_FS_DAX && !wokeUp)
            note(String.format("%s: the FS_DAX page went idle and nobody was woken (a filesystem in dax_break_layout() waits for good)", at));
        // A P2PDMA page going idle goes back to the provider's pool (p2pdma_folio_free(), drivers/pci/p2pdma.c:211).
        if (type == MemoryType.MEMORY_DEVICE_PCI_P2PDMA && pgmap.ops != null && !returnedToPool)
            note(String.format("%s: the P2PDMA page went idle but never came back to the provider's pool", at));
        // fs/dax.c drops its mapping when the last share goes (dax_folio_put()); device-dax keeps it.
        if (type == MemoryType.MEMORY_DEVICE_FS_DAX) folio.set_mapping(Memmap.MAPPING_NULL);
    }

    /** What only a buggy user does: drop a reference on a page it never took. */
    public void putUnreferenced(int offset) {
        put_page(pgmap.page(offset));
    }

    private void note(String line) {
        m.note(ModelNotes.Kind.INVARIANT, "put_page", line);
    }

    /** memunmap_pages(). */
    public void teardown() {
        memunmap_pages(pgmap);
    }
}
