package lab.memremap.driver;

import java.util.Map;
import java.util.TreeMap;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Page;

/**
 * A DRM-buddy-like VRAM allocator (Xe under TTM, kernel-history.md §1.5(b), §3.1): one pgmap; a freed
 * block coalesces with its free neighbours, so the same pfns are handed out again at whatever order the
 * next request asks ("valid behavior", Matthew Brost, Jan 2026) — which S9 needs. The driver frees the
 * block it recorded at allocation, whatever order the kernel's callback reports.
 */
public class DrmBuddy extends DeviceDriver {
    private final boolean[] used;
    /** head offset -> order of each block handed out. */
    private final Map<Integer, Integer> blocks = new TreeMap<>();

    public DrmBuddy(Machine m, MemoryType type, int nrPages) {
        super(m, "drm-buddy", type);
        if (nrPages <= 0 || Integer.bitCount(nrPages) != 1)
            throw new IllegalArgumentException("DrmBuddy: nrPages " + nrPages + " must be a power of two");
        used = new boolean[nrPages];
        addPgmap("xe-vram", nrPages);
    }

    /** The lowest free, naturally aligned block of {@code order}, initialised as one folio. */
    public Folio alloc(int order) {
        int n = pages(order);
        for (int off = 0; off + n <= used.length; off += n)
            if (isFree(off, n)) return allocAt(off, order);
        throw new IllegalStateException("DrmBuddy.alloc: no free block of order " + order);
    }

    /** The block at {@code offset} (pfn offset in the pgmap) at {@code order}, through the THP init path. */
    public Folio allocAt(int offset, int order) {
        return allocAt(offset, order, false);
    }

    /** The block at {@code offset}; {@code legacyEntry} = an order-0 caller of zone_device_page_init(page). */
    public Folio allocAt(int offset, int order, boolean legacyEntry) {
        int n = pages(order);
        if (offset < 0 || offset % n != 0 || offset + n > used.length)
            throw new IllegalArgumentException(String.format("DrmBuddy.allocAt: offset %d is not an aligned order-%d block in %d pages",
                    offset, order, used.length));
        if (!isFree(offset, n))
            throw new IllegalArgumentException("DrmBuddy.allocAt: block at offset " + offset + " order " + order + " is in use");
        if (legacyEntry && order != 0)
            throw new IllegalArgumentException("DrmBuddy.allocAt: the legacy entry is order 0 only, not " + order);
        for (int i = 0; i < n; i++) used[offset + i] = true;
        blocks.put(offset, order);
        m.setOperation("drm-buddy: alloc order " + order + " at +" + offset);
        return initAndFinalize(pgmap().page(offset), pgmap(), order, legacyEntry);
    }

    private int pages(int order) {
        if (order < 0 || order > 30) throw new IllegalArgumentException("DrmBuddy: order " + order + " out of range");
        return 1 << order;
    }

    private boolean isFree(int off, int n) {
        for (int i = 0; i < n; i++) if (used[off + i]) return false;
        return true;
    }

    public boolean isFree(int offset) {
        return !used[offset];
    }

    /** drm_pagemap's folio_free: give the recorded block back to the buddy (which coalesces it). */
    @Override protected void devmemFree(Page head, int order) {
        DevPagemap p = pgmapOf(head);
        if (p == null) return;
        int off = (int) (head.pfn() - p.startPfn());
        Integer recorded = blocks.remove(off);
        int o = recorded != null ? recorded : order;
        for (int i = 0; i < (1 << o) && off + i < used.length; i++) used[off + i] = false;
        p.noteHandedOut(-(1L << o));
    }
}
