package lab.memremap.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelApi;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Page;

/**
 * The one driver layer: every action a device driver makes on the memory it hands out lives here, and
 * the scenarios' drivers ({@link DrmBuddy}, {@link Dmirror}, {@link Nouveau}) and the explorer's search
 * make them through it. Each action is one driver call, however many kernel primitives it runs:
 * hand out a range (the design's init, then the unlock migrate_vma_finalize() does), map it into the
 * process by PMD or PTEs, split the PMD, unmap part or all of it, split the folio, migrate it back to
 * system memory, drop the driver's reference, and what only a buggy driver does (hand a held range out
 * again, drop a reference it never had). A subclass is an allocator: where it takes a range from, and
 * what its free callback does with the range it gets back.
 *
 * <p>The driver records each range it handed out ({@link Allocation}: order, entry point, whether it
 * still holds it, how the process maps it) and keeps the pgmap's handed-out count (the model's
 * ref-count invariant, {@link DevPagemap#noteHandedOut}) in step with those records. Its free callbacks
 * have the kernel's signatures ({@link DevPagemapOps}): given the page or folio only, it derives the
 * order itself ({@link #freedOrder}); given an order (D5, D7b), it uses it.
 */
public abstract class DeviceDriver implements KernelApi {
    /** What an observer of the driver (the explorer's invariant checks) sees: each init, each hand-back. */
    public interface Watcher {
        Watcher NONE = new Watcher() {};

        /** Right after the design's init built {@code folio}, before the driver unlocks it. */
        default void afterInit(Folio folio, int order) {}

        /** As the kernel hands {@code head} back, before the driver's free callback touches its records. */
        default void atHandBack(Page head) {}
    }

    /** VM_FAULT_SIGBUS: what ->migrate_to_ram() returns when the folio could not be migrated. */
    static final int VM_FAULT_SIGBUS = 0x2;

    protected final Machine m;
    protected final MemoryType type;
    protected final List<DevPagemap> pgmaps = new ArrayList<>();
    /** Per pgmap (in the order of {@link #pgmaps}), the ranges handed out, by offset. */
    private final List<TreeMap<Integer, Allocation>> records = new ArrayList<>();
    private final String name;
    /** The number the caller gives this driver's first pgmap in {@link Allocation#pgmap()}. */
    private final int firstIndex;
    private Watcher watcher = Watcher.NONE;

    protected DeviceDriver(Machine m, String name, MemoryType type) {
        this(m, name, type, 0);
    }

    protected DeviceDriver(Machine m, String name, MemoryType type, int firstIndex) {
        this.m = m;
        this.name = name;
        this.type = type;
        this.firstIndex = firstIndex;
        if (type != MemoryType.MEMORY_DEVICE_PRIVATE && type != MemoryType.MEMORY_DEVICE_COHERENT)
            throw new IllegalArgumentException(name + ": type " + type + " is not one a driver allocates per page (PRIVATE or COHERENT)");
    }

    @Override public Machine machine() {
        return m;
    }

    public String name() {
        return name;
    }

    public MemoryType type() {
        return type;
    }

    public List<DevPagemap> pgmaps() {
        return Collections.unmodifiableList(pgmaps);
    }

    /** The driver's first (or only) pgmap. */
    public DevPagemap pgmap() {
        if (pgmaps.isEmpty()) throw new IllegalStateException(name + ": no pgmap yet (nothing allocated)");
        return pgmaps.get(0);
    }

    /** Lets {@code w} watch every init and hand-back of this driver (one watcher at a time). */
    public void watch(Watcher w) {
        this.watcher = w == null ? Watcher.NONE : w;
    }

    // ---- registration ------------------------------------------------------------------------

    /**
     * The driver's struct dev_pagemap_ops: its free callback in every shape a design calls (the page
     * only, the folio only, or told the order), migrate_to_ram, and folio_split only where the driver
     * has one (without it the kernel copies pgmap and mapping itself, include/linux/memremap.h:250-256
     * in 7.2.13).
     */
    protected DevPagemapOps ops() {
        DevPagemapOps.Builder b = DevPagemapOps.builder()
                .page_free(page -> freeCallback(page, freedOrder(page)))
                .page_free((page, order) -> freeCallback(page, order))
                .folio_free(folio -> freeCallback(folio.page(), freedOrder(folio.page())))
                .folio_free((folio, order) -> freeCallback(folio.page(), order))
                .migrate_to_ram(this::migrate_to_ram);
        if (hasFolioSplit()) b.folio_split(this::folioSplit);
        return b.build();
    }

    /** request_free_mem_region() + memremap_pages() for one range of {@code nrPages}. */
    protected DevPagemap addPgmap(String pgmapName, long nrPages) {
        DevPagemap p = m.newPgmap(pgmapName, type, ops(), this);
        long start = m.reservePfnRange(nrPages);
        p.setRanges(List.of(new DevPagemap.Range(start, start + nrPages)));
        long rc = m.memremap_pages(p, 0);
        if (rc != 0) throw new IllegalStateException(name + ": memremap_pages(" + pgmapName + ") returned " + rc);
        pgmaps.add(p);
        records.add(new TreeMap<>());
        return p;
    }

    // ---- the records -------------------------------------------------------------------------

    /** The records of the driver's pgmap {@code i} (0 = its first), sorted by offset. */
    public List<Allocation> records(int i) {
        return List.copyOf(records.get(i).values());
    }

    /** The record of the range whose head is {@code head}, or null. */
    public Allocation recordOf(Page head) {
        DevPagemap p = pgmapOf(head);
        return p == null ? null : recordsOf(p).get(offsetOf(p, head));
    }

    protected TreeMap<Integer, Allocation> recordsOf(DevPagemap p) {
        return records.get(pgmaps.indexOf(p));
    }

    /** True when [offset, offset + 2^order) of {@code p} is aligned, inside it, and overlaps no record. */
    public boolean isFree(DevPagemap p, int offset, int order) {
        int nr = 1 << order;
        if (offset < 0 || offset % nr != 0 || offset + nr > p.nrPages()) return false;
        // Records never overlap one another, so only the last one starting before the range's end can.
        var below = recordsOf(p).floorEntry(offset + nr - 1);
        return below == null || !below.getValue().overlaps(offset, nr);
    }

    private void update(Page head, UnaryOperator<Allocation> change) {
        DevPagemap p = pgmapOf(head);
        if (p == null) return;
        int off = offsetOf(p, head);
        Allocation a = recordsOf(p).get(off);
        if (a != null) recordsOf(p).put(off, change.apply(a));
    }

    // ---- handing out -------------------------------------------------------------------------

    /**
     * The end of an allocation: the driver records the range, the design's init of this version builds
     * the folio (THP path, or the legacy order-0 entry), the driver counts the pages handed out, and
     * migrate_vma_finalize() unlocks the page.
     */
    protected Folio handOut(DevPagemap pgmap, int offset, int order, boolean legacyEntry) {
        recordsOf(pgmap).put(offset, new Allocation(indexOf(pgmap), offset, order, legacyEntry, Allocation.Held.HELD,
                Allocation.Mapped.NONE));
        Page page = pgmap.page(offset);
        Folio folio = legacyEntry ? m.zoneDevicePageInit(page, pgmap) : m.zoneDeviceInit(page, pgmap, order);
        watcher.afterInit(folio, order);
        pgmap.noteHandedOut(1L << order);
        unlock_page(page);
        return page.as_folio();
    }

    /** What only a buggy driver does: init over a range it still holds, with no bookkeeping. */
    public Folio handOutAgain(DevPagemap pgmap, int offset, int order) {
        Page page = pgmap.page(offset);
        Folio folio = m.zoneDeviceInit(page, pgmap, order);
        watcher.afterInit(folio, order);
        unlock_page(page);
        return folio;
    }

    /** What only a buggy driver does: drop a reference on a page it never handed out. */
    public void putUnallocated(DevPagemap pgmap, int offset) {
        put_page(pgmap.page(offset));
    }

    // ---- mapping -----------------------------------------------------------------------------

    /**
     * Data migrates into the folio: migrate_vma_insert_page() charges it to the task's memcg and maps it
     * exclusively, by one PMD ({@code pmd}) or by PTEs. The kernel maps page_folio(head).
     */
    public void map(Page head, boolean pmd) {
        migrate_vma_insert_page(page_folio(head), pmd);
        update(head, a -> a.with(pmd ? Allocation.Mapped.PMD : Allocation.Mapped.PTES));
    }

    /** Splits the PMD that maps the folio into PTEs, unmapping nothing (__split_huge_pmd(), e.g. mprotect of part). */
    public void splitPmd(Page head) {
        split_huge_pmd(page_folio(head));
        update(head, a -> a.with(Allocation.Mapped.PTES));
    }

    /**
     * munmap() of {@code nr} pages from page {@code first} of the folio: a PMD mapping is split to PTEs
     * first. PMD-mapped is what the driver recorded, or for a range it has no record of what the page
     * words say (_entire_mapcount).
     */
    public void unmap(Page head, int first, int nr) {
        Folio folio = page_folio(head);
        Allocation a = recordOf(head);
        boolean pmdMapped = a != null && a.mapped() != Allocation.Mapped.PARTIAL ? a.mapped() == Allocation.Mapped.PMD
                : folio_test_large(folio) && folio._entire_mapcount() >= 0;
        if (pmdMapped) split_huge_pmd(folio);
        folio_remove_rmap_ptes(folio, head.add(first), nr);
        if (a == null) return;
        boolean wasWhole = a.mapped() == Allocation.Mapped.PMD || a.mapped() == Allocation.Mapped.PTES;
        Allocation.Mapped now = first == 0 && nr == a.pages() ? Allocation.Mapped.NONE
                : wasWhole && first == a.pages() / 2 && nr == a.pages() / 2 ? Allocation.Mapped.FIRST_HALF
                : Allocation.Mapped.PARTIAL;
        update(head, r -> r.with(now));
    }

    /** Unmaps the second half of a fully mapped large folio (munmap of part of the range). */
    public void unmapSecondHalf(Page head) {
        Allocation a = recordOf(head);
        int pages = a != null ? a.pages() : (int) folio_nr_pages(page_folio(head));
        unmap(head, pages / 2, pages / 2);
    }

    /**
     * munmap() of the whole range: what the driver recorded as mapped (PMD, PTEs, the first half) is
     * unmapped as it was mapped; otherwise every page the page words show mapped (a partial unmap, or a
     * range the driver has no record of).
     */
    public void unmapAll(Page head) {
        Allocation a = recordOf(head);
        if (a != null && unmapRecorded(a, head)) return;
        Folio f = page_folio(head);
        if (!folio_test_large(f)) folio_remove_rmap_ptes(f, f.page(), 1);
        else if (f._entire_mapcount() >= 0) folio_remove_rmap_pmd(f);
        else {
            long nr = folio_nr_pages(f);
            for (int i = 0; i < nr; i++)
                if (f.page().add(i)._mapcount() >= 0) folio_remove_rmap_ptes(f, f.page().add(i), 1);
        }
        update(head, r -> r.with(Allocation.Mapped.NONE));
    }

    /** Unmaps what the record says is mapped; false when the record cannot say (PARTIAL). */
    private boolean unmapRecorded(Allocation a, Page head) {
        Folio folio = page_folio(head);
        switch (a.mapped()) {
            case NONE -> { return true; }
            case PMD -> folio_remove_rmap_pmd(folio);
            case PTES -> folio_remove_rmap_ptes(folio, head, a.pages());
            case FIRST_HALF -> folio_remove_rmap_ptes(folio, head, a.pages() / 2);
            case PARTIAL -> { return false; }
        }
        update(head, r -> r.with(Allocation.Mapped.NONE));
        return true;
    }

    // ---- splitting, migration ----------------------------------------------------------------

    /**
     * Splits an unmapped folio into folios of {@code newOrder} (migrate_vma_split_folio()), holding its
     * lock as split_folio_to_order() requires; each new folio gets a record of its own. Returns the
     * kernel's return code.
     */
    public int split(Page head, int newOrder) {
        Folio folio = page_folio(head);
        int pages = (int) folio_nr_pages(folio);
        folio_lock(folio);
        int rc = split_folio_to_order(folio, newOrder);
        folio_unlock(folio);
        if (rc != 0) return rc;
        DevPagemap p = pgmapOf(head);
        if (p == null || recordOf(head) == null) return rc;
        int offset = offsetOf(p, head);
        for (int off = offset; off < offset + pages; off += 1 << newOrder)
            recordsOf(p).put(off, new Allocation(indexOf(p), off, newOrder, false, Allocation.Held.HELD, Allocation.Mapped.NONE));
        return rc;
    }

    /**
     * Moves the folio's data back to system memory. Device-private: the CPU touches a mapped page and
     * faults (do_swap_page() calls ->migrate_to_ram(), which runs the migrate_vma steps on the faulting
     * folio). Coherent: the driver evicts it itself with the same steps. The device folio is freed when
     * the last reference goes.
     */
    public void migrateToRam(Page head) {
        if (type == MemoryType.MEMORY_DEVICE_PRIVATE) do_swap_page(head);
        else migrateVma(page_folio(head), null);
    }

    /** ->migrate_to_ram(): migrate the faulting folio (whose lock the fault holds). */
    protected int migrate_to_ram(Folio folio) {
        return migrateVma(folio, folio) ? 0 : VM_FAULT_SIGBUS;
    }

    /**
     * migrate_vma_setup(), _pages() and _finalize() on one folio, over the pages the driver mapped;
     * false when there is nothing the driver mapped or the folio could not be isolated.
     */
    protected boolean migrateVma(Folio folio, Folio faultFolio) {
        Allocation a = recordOf(folio.page());
        if (a == null || a.held() != Allocation.Held.HELD || a.mapped() == Allocation.Mapped.NONE) return false;
        if (a.mapped() == Allocation.Mapped.PARTIAL)
            throw new IllegalStateException(name + ": migrating a folio mapped only in part (other than its first half) is not modelled");
        int nr = a.mapped() == Allocation.Mapped.FIRST_HALF ? a.pages() / 2 : a.pages();
        if (!migrate_vma_collect_folio(folio, faultFolio, folio.page(), nr, a.mapped() == Allocation.Mapped.PMD)) return false;
        // The mapping is gone: what is left of the folio is the collect step's reference (and the fault's).
        update(folio.page(), r -> r.with(Allocation.Mapped.NONE).with(Allocation.Held.RELEASED));
        int expected = 1 + (faultFolio != null ? 1 : 0);
        if (__folio_migrate_mapping(folio, expected) == 0) folio_migrate_flags(folio);
        migrate_vma_finalize_folio(folio, faultFolio);
        return true;
    }

    // ---- giving memory back ------------------------------------------------------------------

    /** Drops the driver's reference: put_page(). The kernel frees the folio when it was the last. */
    public void put(Page head) {
        update(head, a -> a.with(Allocation.Held.RELEASED));
        put_page(head);
    }

    /** Unmaps what the driver mapped, then drops its reference: the kernel frees the folio. */
    public void free(Page head) {
        Allocation a = recordOf(head);
        if (a != null) unmapRecorded(a, head);
        put(head);
    }

    /** The free callback, as every shape reaches it: the watcher sees the hand-back, then the allocator takes it. */
    private void freeCallback(Page head, int order) {
        watcher.atHandBack(head);
        devmemFree(head, order);
    }

    /**
     * How the driver finds the order of a folio given back without one (page_free(page),
     * folio_free(folio)): by default from the words of the page it is given,
     * {@code folio_order(page_folio(page))}, which is only as good as those words.
     */
    protected int freedOrder(Page head) {
        return m.folio_order(m.page_folio(head));
    }

    /** The allocator's side of the free callback: take the range at {@code head} back ({@code order} as found or told). */
    protected abstract void devmemFree(Page head, int order);

    /** Takes back the record at {@code head} and un-counts its pages; returns it, or null if there was none. */
    protected Allocation takeBack(Page head) {
        Allocation a = forget(head);
        if (a != null) pgmapOf(head).noteHandedOut(-a.pages());
        return a;
    }

    /** Drops the record at {@code head} (the driver counts the pages itself); returns it, or null. */
    protected Allocation forget(Page head) {
        DevPagemap p = pgmapOf(head);
        return p == null ? null : recordsOf(p).remove(offsetOf(p, head));
    }

    /** Whether the driver has a folio_split callback (test_hmm does; most drivers do not). */
    protected boolean hasFolioSplit() {
        return false;
    }

    /** folio_split(head, tail), for drivers that have one. */
    protected void folioSplit(Folio head, Folio tail) {
        throw new IllegalStateException(name + ": has no folio_split callback");
    }

    // ---- where ranges are --------------------------------------------------------------------

    /** The pgmap whose range holds {@code page}, or null. */
    public DevPagemap pgmapOf(Page page) {
        for (DevPagemap p : pgmaps) if (p.contains(page.pfn())) return p;
        return null;
    }

    protected static int offsetOf(DevPagemap p, Page page) {
        return Math.toIntExact(page.pfn() - p.startPfn());
    }

    private int indexOf(DevPagemap p) {
        return firstIndex + pgmaps.indexOf(p);
    }

    /** memunmap_pages() on one of the driver's pgmaps (waits until every handed-out page came back). */
    public void teardown(DevPagemap p) {
        memunmap_pages(p);
    }

    /** Driver removal: memunmap_pages() on each pgmap still live. */
    public void teardown() {
        for (DevPagemap p : pgmaps)
            if (p.state() == DevPagemap.State.LIVE) {
                m.setOperation(name + ": memunmap_pages");
                teardown(p);
            }
    }

    @Override public String toString() {
        return name + " " + pgmaps;
    }
}
