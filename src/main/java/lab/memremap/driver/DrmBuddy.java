package lab.memremap.driver;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Page;

/**
 * A DRM-buddy-like VRAM allocator (Xe under TTM, kernel-history.md §1.5(b), §3.1): one pgmap; any free,
 * naturally aligned block at any order; a freed block coalesces with its free neighbours, so the same
 * pfns are handed out again at whatever order the next request asks ("valid behavior", Matthew Brost,
 * Jan 2026), which S9 needs. Its free callback gives back the block it recorded at the head the kernel
 * passes, whatever order that callback derives or is told; a head it never handed out it ignores (the
 * model notes it). The explorer's search drives this allocator too.
 */
public class DrmBuddy extends DeviceDriver {
    private final int nrPages;

    public DrmBuddy(Machine m, MemoryType type, int nrPages) {
        this(m, "xe-vram", type, nrPages, 0);
    }

    /**
     * A buddy over one pgmap named {@code pgmapName} of {@code nrPages}; {@code index} is the number the
     * caller gives that pgmap in the records ({@link Allocation#pgmap()}).
     */
    public DrmBuddy(Machine m, String pgmapName, MemoryType type, int nrPages, int index) {
        super(m, "drm-buddy", type, index);
        if (nrPages <= 0 || nrPages % 512 != 0 && Integer.bitCount(nrPages) != 1)
            throw new IllegalArgumentException("DrmBuddy: nrPages " + nrPages + " must be a power of two or a multiple of 512");
        this.nrPages = nrPages;
        addPgmap(pgmapName, nrPages);
    }

    /** The lowest free, naturally aligned block of {@code order}, initialised as one folio. */
    public Folio alloc(int order) {
        int off = freeBlock(order, 0);
        if (off < 0) throw new IllegalStateException("DrmBuddy.alloc: no free block of order " + order);
        return allocAt(off, order);
    }

    /** The {@code fit}-th free aligned block of {@code order} (0 = lowest), or -1 (-ENOMEM). */
    public int freeBlock(int order, int fit) {
        int n = pages(order);
        int seen = 0;
        for (int off = 0; off + n <= nrPages; off += n)
            if (isFree(pgmap(), off, order) && seen++ == fit) return off;
        return -1;
    }

    /** The block at {@code offset} (pfn offset in the pgmap) at {@code order}, through the THP init path. */
    public Folio allocAt(int offset, int order) {
        return allocAt(offset, order, false);
    }

    /** The block at {@code offset}; {@code legacyEntry} = an order-0 caller of zone_device_page_init(page). */
    public Folio allocAt(int offset, int order, boolean legacyEntry) {
        m.setOperation("drm-buddy: alloc order " + order + " at +" + offset);
        return take(offset, order, legacyEntry);
    }

    /** allocAt() without labelling the operation (the caller has labelled it). */
    public Folio take(int offset, int order, boolean legacyEntry) {
        int n = pages(order);
        if (offset < 0 || offset % n != 0 || offset + n > nrPages)
            throw new IllegalArgumentException(String.format("DrmBuddy.allocAt: offset %d is not an aligned order-%d block in %d pages",
                    offset, order, nrPages));
        if (!isFree(pgmap(), offset, order))
            throw new IllegalArgumentException("DrmBuddy.allocAt: block at offset " + offset + " order " + order + " is in use");
        if (legacyEntry && order != 0)
            throw new IllegalArgumentException("DrmBuddy.allocAt: the legacy entry is order 0 only, not " + order);
        return handOut(pgmap(), offset, order, legacyEntry);
    }

    private int pages(int order) {
        if (order < 0 || order > 30) throw new IllegalArgumentException("DrmBuddy: order " + order + " out of range");
        return 1 << order;
    }

    /** Whether the page at {@code offset} is in no block handed out. */
    public boolean isFree(int offset) {
        return isFree(pgmap(), offset, 0);
    }

    /** drm_pagemap's folio_free: give the recorded block back to the buddy (which coalesces it). */
    @Override protected void devmemFree(Page head, int order) {
        DevPagemap p = pgmapOf(head);
        if (p == null) return;
        // No real driver prints this: it goes on the model's notes channel, not the kernel log.
        if (takeBack(head) == null)
            m.note(ModelNotes.Kind.INFO, "folio_free", String.format("%s: the free callback for +%d (order %d) names a block the"
                    + " driver did not hand out; the driver ignores it", p.name, offsetOf(p, head), order));
    }
}
