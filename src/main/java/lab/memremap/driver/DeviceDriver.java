package lab.memremap.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelApi;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Page;

/**
 * What every model driver shares: its pgmaps, the way an allocation ends (the running design's init,
 * then the page unlocked, as migrate_vma_finalize() leaves it), the bookkeeping the ref-count invariant
 * needs ({@link DevPagemap#noteHandedOut}), and teardown (memunmap_pages on every pgmap).
 */
public abstract class DeviceDriver implements KernelApi {
    protected final Machine m;
    protected final MemoryType type;
    protected final List<DevPagemap> pgmaps = new ArrayList<>();
    private final String name;

    protected DeviceDriver(Machine m, String name, MemoryType type) {
        this.m = m;
        this.name = name;
        this.type = type;
        if (type != MemoryType.MEMORY_DEVICE_PRIVATE && type != MemoryType.MEMORY_DEVICE_COHERENT)
            throw new IllegalArgumentException(name + ": type " + type + " is not one a driver allocates per page (PRIVATE or COHERENT)");
    }

    @Override public Machine machine() {
        return m;
    }

    public String name() {
        return name;
    }

    public List<DevPagemap> pgmaps() {
        return Collections.unmodifiableList(pgmaps);
    }

    /** The driver's first (or only) pgmap. */
    public DevPagemap pgmap() {
        if (pgmaps.isEmpty()) throw new IllegalStateException(name + ": no pgmap yet (nothing allocated)");
        return pgmaps.get(0);
    }

    /** The driver's struct dev_pagemap_ops: its free callback (every shape), migrate_to_ram, folio_split. */
    protected DevPagemapOps ops() {
        return DevPagemapOps.builder().free(this::devmemFree).migrate_to_ram(f -> 0).folio_split(this::folioSplit).build();
    }

    /** request_free_mem_region() + memremap_pages() for one range of {@code nrPages}. */
    protected DevPagemap addPgmap(String pgmapName, long nrPages) {
        DevPagemap p = m.newPgmap(pgmapName, type, ops(), this);
        long start = m.reservePfnRange(nrPages);
        p.setRanges(List.of(new DevPagemap.Range(start, start + nrPages)));
        long rc = m.memremap_pages(p, 0);
        if (rc != 0) throw new IllegalStateException(name + ": memremap_pages(" + pgmapName + ") returned " + rc);
        pgmaps.add(p);
        return p;
    }

    /**
     * The end of an allocation: the design's init of this version (THP path, or the legacy order-0
     * entry), the driver's count of pages handed out, and the unlock migrate_vma_finalize() does.
     */
    protected Folio initAndFinalize(Page page, DevPagemap pgmap, int order, boolean legacyEntry) {
        if (legacyEntry) m.zoneDevicePageInit(page, pgmap);
        else m.zoneDeviceInit(page, pgmap, order);
        pgmap.noteHandedOut(1L << order);
        unlock_page(page);
        return page.as_folio();
    }

    /** The free callback: the kernel hands the head page and the folio's order back to the driver. */
    protected abstract void devmemFree(Page head, int order);

    /** folio_split(head, tail): by default nothing to copy (the kernel copies pgmap and mapping itself). */
    protected void folioSplit(Folio head, Folio tail) {
    }

    /** The pgmap whose range holds {@code page}, or null. */
    protected DevPagemap pgmapOf(Page page) {
        for (DevPagemap p : pgmaps) if (p.contains(page.pfn())) return p;
        return null;
    }

    /** Driver removal: memunmap_pages() on each pgmap (waits until every handed-out page came back). */
    public void teardown() {
        for (DevPagemap p : pgmaps)
            if (p.state() == DevPagemap.State.LIVE) {
                m.setOperation(name + ": memunmap_pages");
                memunmap_pages(p);
            }
    }

    @Override public String toString() {
        return name + " " + pgmaps;
    }
}
