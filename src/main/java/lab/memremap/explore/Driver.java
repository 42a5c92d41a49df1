package lab.memremap.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import lab.memremap.design.Designs;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.FolioLife;
import lab.memremap.model.Machine;
import lab.memremap.model.Memmap;
import lab.memremap.model.MemoryType;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Page;
import lab.memremap.model.Schedule;

/**
 * A conforming driver, the one the explorer drives: it allocates only free, aligned ranges at orders
 * 0, 1, 2 and 9 (order 0 also through the legacy order-0 entry point), frees what it allocated,
 * maps (by PMD at order 9, by PTEs below: a new PMD-mappable anon folio always gets a PMD,
 * mm/rmap.c folio_add_new_anon_rmap()), splits the PMD into PTEs, partly unmaps, splits folios, migrates them back to system
 * memory, re-initialises freed ranges at another order (the DRM-buddy pattern) and evicts everything
 * before memunmap_pages(). On GENERIC and FS_DAX pgmaps it only takes and drops references on pages
 * (their pages are not handed out by a driver allocator). One method is one driver call, however
 * many kernel primitives it makes; a call a conforming driver would not make throws
 * {@link NotConforming} before reaching the kernel, unless the setup asks for a buggy driver
 * ({@link Setup#buggy()}), which may also hand a page out twice, allocate while memunmap_pages() runs
 * (a two-CPU step; once it has returned there is no memmap to allocate from) and free a page it never allocated, so that a design's defensive checks can be tested.
 *
 * <p>Its free callback returns the range it recorded for the head the kernel passes, and keeps the
 * pgmap's handed-out count (the model's ref-count invariant) in step with its own records.
 */
public final class Driver {
    /** The orders the driver allocates at. */
    public static final int[] ORDERS = {0, 1, 2, 9};

    private final Machine m;
    private final Setup setup;
    private final List<DevPagemap> pgmaps = new ArrayList<>();
    private final List<TreeMap<Integer, Allocation>> records = new ArrayList<>();
    private final boolean[] tornDown;

    private Driver(Design design, Setup setup) {
        this.setup = Objects.requireNonNull(setup, "Driver.boot: setup is null");
        Objects.requireNonNull(design, "Driver.boot: design is null");
        this.m = Machine.boot(Designs.configFor(design, setup.config()), design);
        this.tornDown = new boolean[setup.pgmaps().size()];
        m.addStepListener((machine, function) -> {
            if (function.equals("wake_up_var")) wokeUp = true;
        });
        for (Setup.PgmapSpec spec : setup.pgmaps()) {
            int index = pgmaps.size();
            DevPagemapOps ops = null;
            // pci_p2pdma's pages go back to its pool through p2pdma_folio_free(); a buggy provider has no callback.
            if (spec.type() == MemoryType.MEMORY_DEVICE_PCI_P2PDMA && !setup.isBuggy())
                ops = DevPagemapOps.builder().free((head, order) -> p2pReturned.add(index + "+" + head.pfn())).build();
            if (spec.type().countsPerAllocation()) {
                DevPagemapOps.Builder b = DevPagemapOps.builder().free((head, order) -> folioFree(index, head, order));
                if (spec.type() == MemoryType.MEMORY_DEVICE_PRIVATE) b.migrate_to_ram(folio -> migrateToRamCallback(index, folio));
                ops = b.build();
            }
            DevPagemap pgmap = m.newPgmap(spec.name(), spec.type(), ops, this);
            long start = m.reservePfnRange(spec.pages());
            pgmap.setRanges(List.of(new DevPagemap.Range(start, start + spec.pages())));
            if (m.memremap_pages(pgmap, 0) != 0)
                throw new IllegalStateException("Driver.boot: memremap_pages refused " + spec.name());
            pgmaps.add(pgmap);
            records.add(new TreeMap<>());
        }
    }

    /** Boots a machine running {@code design} and registers the setup's pgmaps with memremap_pages(). */
    public static Driver boot(Design design, Setup setup) {
        return new Driver(design, setup);
    }

    public Machine machine() {
        return m;
    }

    public Setup setup() {
        return setup;
    }

    public DevPagemap pgmap(int p) {
        return pgmaps.get(p);
    }

    // ---- driver calls ------------------------------------------------------------------------

    /** Initialises the free, aligned range at {@code offset} as a folio of {@code order} (zone_device_folio_init). */
    public void alloc(int p, int offset, int order) {
        allocAt(p, offset, order, false);
    }

    /** Initialises one free page through the legacy order-0 entry point (zone_device_page_init). */
    public void allocLegacy(int p, int offset) {
        allocAt(p, offset, 0, true);
    }

    /**
     * Allocates at the {@code fit}-th free aligned range (0 = lowest) of {@code order}, as an
     * allocator would choose; returns the offset, or -1 (-ENOMEM) when there is no such range.
     */
    public int allocFit(int p, int order, boolean legacy, int fit) {
        int offset = freeRange(p, order, fit);
        if (offset >= 0) allocAt(p, offset, order, legacy);
        return offset;
    }

    private void allocAt(int p, int offset, int order, boolean legacy) {
        usable(p);
        allocatable(p);
        if (order != 0 && order != 1 && order != 2 && order != 9)
            throw new NotConforming("alloc: order " + order + " is not one the driver uses (0, 1, 2, 9)");
        if (legacy && order != 0) throw new NotConforming("allocLegacy: the legacy entry point is order 0 only");
        if (!isFree(p, offset, order))
            throw new NotConforming(String.format("alloc: %s +%d order %d is not a free aligned range", name(p), offset, order));
        DevPagemap pgmap = pgmaps.get(p);
        records.get(p).put(offset, new Allocation(p, offset, order, legacy, Allocation.Held.HELD, Allocation.Mapped.NONE));
        m.setOperation(legacy ? String.format("allocLegacy(%s +%d)", name(p), offset)
                : String.format("alloc(%s +%d, order %d)", name(p), offset, order));
        Page page = pgmap.page(offset);
        Folio folio = legacy ? m.zoneDevicePageInit(page, pgmap) : m.zoneDeviceInit(page, pgmap, order);
        note("zone_device_folio_init", FolioLife.afterInit(m, folio, order));
        pgmap.noteHandedOut(1L << order);
        // Migration is done with the new device folio: unlock it (migrate_vma_finalize).
        m.unlock_page(page);
    }

    // ---- what a buggy driver does (only with Setup.buggy()) ----------------------------------------

    /** Buggy: hands out again the range of a folio it still holds (init over a live folio). */
    public void allocAgain(int p, int offset, int order) {
        buggyOnly("allocAgain");
        usable(p);
        allocatable(p);
        m.setOperation(String.format("allocAgain(%s +%d, order %d)", name(p), offset, order));
        Page page = pgmaps.get(p).page(offset);
        note("zone_device_folio_init", FolioLife.afterInit(m, m.zoneDeviceInit(page, pgmaps.get(p), order), order));
        m.unlock_page(page);
    }

    /** Buggy: drops a reference on a page it never allocated (put_page on a free page). */
    public void putUnallocated(int p, int offset) {
        buggyOnly("putUnallocated");
        usable(p);
        m.setOperation(String.format("putUnallocated(%s +%d)", name(p), offset));
        m.put_page(pgmaps.get(p).page(offset));
    }

    private void buggyOnly(String call) {
        if (!setup.isBuggy()) throw new NotConforming(call + ": only a buggy driver does this (Setup.buggy())");
    }

    // ---- mapping, migration ------------------------------------------------------------------------

    /** Splits the PMD that maps the folio into PTEs, unmapping nothing (__split_huge_pmd(), e.g. mprotect of part). */
    public void splitPmd(int p, int offset) {
        Allocation a = held(p, offset, "splitPmd");
        if (a.mapped() != Allocation.Mapped.PMD) throw new NotConforming("splitPmd: " + describe(a) + " is not PMD-mapped");
        m.setOperation(String.format("splitPmd(%s +%d)", name(p), offset));
        m.split_huge_pmd(m.page_folio(pgmaps.get(p).page(offset)));
        records.get(p).put(offset, a.with(Allocation.Mapped.PTES));
    }

    /**
     * Moves the folio's data back to system memory. Device-private: the CPU touches a mapped page and
     * faults (do_swap_page() calls ->migrate_to_ram(), which runs the migrate_vma steps on the faulting
     * folio). Coherent: the driver evicts it itself with the same steps. The device folio is freed when
     * the last reference goes.
     */
    public void migrateToRam(int p, int offset) {
        Allocation a = held(p, offset, "migrateToRam");
        if (a.mapped() == Allocation.Mapped.NONE) throw new NotConforming("migrateToRam: " + describe(a) + " is not mapped; nothing faults on it");
        m.setOperation(String.format("migrateToRam(%s +%d)", name(p), offset));
        Page page = pgmaps.get(p).page(offset);
        if (setup.pgmaps().get(p).type() == MemoryType.MEMORY_DEVICE_PRIVATE) {
            m.do_swap_page(page);
        } else {
            migrateVma(p, m.page_folio(page), null);
        }
    }

    /** ->migrate_to_ram() of a device-private pgmap: migrate the faulting folio (whose lock the fault holds). */
    private int migrateToRamCallback(int p, Folio folio) {
        return migrateVma(p, folio, folio) ? 0 : VM_FAULT_SIGBUS;
    }

    private static final int VM_FAULT_SIGBUS = 0x2;

    /** migrate_vma_setup(), _pages() and _finalize() on one folio; false when the folio could not be isolated. */
    private boolean migrateVma(int p, Folio folio, Folio faultFolio) {
        int offset = Math.toIntExact(folio.page().pfn() - pgmaps.get(p).startPfn());
        Allocation a = records.get(p).get(offset);
        if (a == null || a.held() != Allocation.Held.HELD || a.mapped() == Allocation.Mapped.NONE) return false;
        int nr = a.mapped() == Allocation.Mapped.FIRST_HALF ? a.pages() / 2 : a.pages();
        if (!m.migrate_vma_collect_folio(folio, faultFolio, folio.page(), nr, a.mapped() == Allocation.Mapped.PMD)) return false;
        // The mapping is gone: what is left of the folio is the collect step's reference (and the fault's).
        records.get(p).put(offset, a.with(Allocation.Mapped.NONE).with(Allocation.Held.RELEASED));
        int expected = 1 + (faultFolio != null ? 1 : 0);
        if (m.__folio_migrate_mapping(folio, expected) == 0) m.folio_migrate_flags(folio);
        m.migrate_vma_finalize_folio(folio, faultFolio);
        return true;
    }

    // ---- GENERIC and FS_DAX pages ------------------------------------------------------------------

    /**
     * Takes a reference on an idle page of a GENERIC or FS_DAX pgmap: GENERIC pages idle at refcount 1
     * (device-dax maps them with folio_get()); FS_DAX pages idle at 0 and fs/dax.c takes the first
     * reference with folio_ref_inc() when it maps the page (7.2.13 fs/dax.c:1892).
     */
    public void get(int p, int offset) {
        usable(p);
        MemoryType type = setup.pgmaps().get(p).type();
        if (type.countsPerAllocation()) throw new NotConforming("get: " + name(p) + " is " + type + "; its pages are allocated, not got");
        if (!isFree(p, offset, 0)) throw new NotConforming("get: the driver already holds " + name(p) + " +" + offset);
        m.setOperation(String.format("get(%s +%d)", name(p), offset));
        Folio folio = m.page_folio(pgmaps.get(p).page(offset));
        if (type == MemoryType.MEMORY_DEVICE_FS_DAX) m.folio_ref_inc(folio);
        else if (type == MemoryType.MEMORY_DEVICE_PCI_P2PDMA) m.set_page_count(folio.page(), 1);  // p2pmem_alloc_mmap(), drivers/pci/p2pdma.c:151
        else m.folio_get(folio);
        // The owner maps the page for a file: device-dax's dax_set_mapping(), fs/dax.c's dax_associate_entry().
        if (type != MemoryType.MEMORY_DEVICE_PCI_P2PDMA && folio.mapping() == Memmap.MAPPING_NULL) folio.set_mapping(Memmap.MAPPING_FILE);
        records.get(p).put(offset, new Allocation(p, offset, 0, false, Allocation.Held.HELD, Allocation.Mapped.NONE));
    }

    /** Drops the reference {@link #get} took: FS_DAX's last put frees the page (free_zone_device_folio wakes waiters). */
    public void put(int p, int offset) {
        usable(p);
        if (setup.pgmaps().get(p).type().countsPerAllocation()) throw new NotConforming("put: use free() on " + name(p));
        held(p, offset, "put");
        m.setOperation(String.format("put(%s +%d)", name(p), offset));
        records.get(p).remove(offset);
        Page page = pgmaps.get(p).page(offset);
        wokeUp = false;
        p2pReturned.clear();
        m.put_page(page);
        // Model checks (the kernel reports neither): a put page is idle again at its type's idle count
        // (GENERIC 1, FS_DAX 0; mm/mm_init.c:1032-1049), and the free path left the owner's mapping alone
        // (mm/memremap.c:444-450: FS_DAX and GENERIC mappings belong to fs/dax.c and device-dax).
        Folio folio = m.page_folio(page);
        MemoryType type = setup.pgmaps().get(p).type();
        int idle = type == MemoryType.MEMORY_DEVICE_GENERIC ? 1 : 0;
        if (m.folio_ref_count(folio) != idle)
            note("put_page", String.format("%s +%d: idle %s page at refcount %d, not %d", name(p), offset, type, m.folio_ref_count(folio), idle));
        if (type != MemoryType.MEMORY_DEVICE_PCI_P2PDMA && folio.mapping() != Memmap.MAPPING_FILE)
            note("put_page", String.format("%s +%d: the free path changed the %s owner's mapping", name(p), offset, type));
        // An FS_DAX page going idle wakes the filesystem waiting for it (dax_break_layout(), mm/memremap.c:469-471).
        if (type == MemoryType.MEMORY_DEVICE_FS_DAX && !wokeUp)
            note("put_page", String.format("%s +%d: the FS_DAX page went idle and nobody was woken (a filesystem in dax_break_layout() waits for good)", name(p), offset));
        // A P2PDMA page going idle goes back to the provider's pool (p2pdma_folio_free(), drivers/pci/p2pdma.c:211).
        if (type == MemoryType.MEMORY_DEVICE_PCI_P2PDMA && pgmaps.get(p).ops != null && p2pReturned.isEmpty())
            note("put_page", String.format("%s +%d: the P2PDMA page went idle but never came back to the provider's pool", name(p), offset));
        // fs/dax.c drops its mapping when the last share goes (dax_folio_put()); device-dax keeps it.
        if (type == MemoryType.MEMORY_DEVICE_FS_DAX) folio.set_mapping(Memmap.MAPPING_NULL);
    }

    /** Drops the driver's reference (after unmapping what is still mapped): the kernel frees the folio. */
    public void free(int p, int offset) {
        if (!setup.pgmaps().get(p).type().countsPerAllocation()) throw new NotConforming("free: use put() on " + name(p));
        Allocation a = held(p, offset, "free");
        m.setOperation(String.format("free(%s +%d)", name(p), offset));
        Page page = pgmaps.get(p).page(offset);
        unmapRest(a, page);
        records.get(p).put(offset, a.with(Allocation.Mapped.NONE).with(Allocation.Held.RELEASED));
        m.put_page(page);
    }

    /** Maps the folio into the process: by PMD at order 9, by PTEs otherwise. */
    public void map(int p, int offset) {
        Allocation a = held(p, offset, "map");
        if (a.mapped() != Allocation.Mapped.NONE) throw new NotConforming("map: " + describe(a) + " is already mapped");
        m.setOperation(String.format("map(%s +%d)", name(p), offset));
        Page page = pgmaps.get(p).page(offset);
        boolean pmd = a.order() == 9;
        // Data migrates into the folio: charged to the task's memcg, mapped exclusively (migrate_vma_insert_page()).
        m.migrate_vma_insert_page(m.page_folio(page), pmd);
        records.get(p).put(offset, a.with(pmd ? Allocation.Mapped.PMD : Allocation.Mapped.PTES));
    }

    /** Unmaps the second half of a fully mapped large folio (munmap of part of the range). */
    public void unmapHalf(int p, int offset) {
        Allocation a = held(p, offset, "unmapHalf");
        if (a.order() == 0) throw new NotConforming("unmapHalf: " + describe(a) + " is a single page");
        if (a.mapped() != Allocation.Mapped.PMD && a.mapped() != Allocation.Mapped.PTES)
            throw new NotConforming("unmapHalf: " + describe(a) + " is not fully mapped");
        m.setOperation(String.format("unmapHalf(%s +%d)", name(p), offset));
        Page page = pgmaps.get(p).page(offset);
        Folio folio = m.page_folio(page);
        if (a.mapped() == Allocation.Mapped.PMD) m.split_huge_pmd(folio);
        int half = a.pages() / 2;
        m.folio_remove_rmap_ptes(folio, page.add(half), half);
        m.folio_put_refs(folio, half);   // zap: each PTE's reference (split_huge_pmd gave every PTE one)
        records.get(p).put(offset, a.with(Allocation.Mapped.FIRST_HALF));
    }

    /** Splits an unmapped device-private folio into folios of {@code newOrder} (migrate_vma_split_folio), holding its lock. */
    public void split(int p, int offset, int newOrder) {
        Allocation a = held(p, offset, "split");
        if (setup.pgmaps().get(p).type() != lab.memremap.model.MemoryType.MEMORY_DEVICE_PRIVATE)
            throw new NotConforming("split: only device-private folios are split (during migration)");
        if (a.mapped() != Allocation.Mapped.NONE) throw new NotConforming("split: " + describe(a) + " is mapped");
        if (newOrder < 0 || newOrder >= a.order() || (newOrder != 0 && newOrder != 1 && newOrder != 2))
            throw new NotConforming("split: " + describe(a) + " cannot be split to order " + newOrder);
        m.setOperation(String.format("split(%s +%d, order %d)", name(p), offset, newOrder));
        Page page = pgmaps.get(p).page(offset);
        Folio folio = m.page_folio(page);
        m.folio_lock(folio);
        int rc = m.split_folio_to_order(folio, newOrder);
        m.folio_unlock(folio);
        if (rc != 0) return;
        TreeMap<Integer, Allocation> recs = records.get(p);
        for (int off = offset; off < offset + a.pages(); off += 1 << newOrder)
            recs.put(off, new Allocation(p, off, newOrder, false, Allocation.Held.HELD, Allocation.Mapped.NONE));
    }

    /** memunmap_pages(): the driver has evicted everything it holds on this pgmap first. */
    public void teardown(int p) {
        usable(p);
        for (Allocation a : records.get(p).values())
            if (a.held() == Allocation.Held.HELD)
                throw new NotConforming("teardown: " + describe(a) + " is still held; a conforming driver evicts it first");
        tornDown[p] = true;
        m.setOperation("teardown(" + name(p) + ")");
        m.setComm(m.currentCpu(), "rmmod");
        m.memunmap_pages(pgmaps.get(p));
    }

    /** The driver unloading: free everything it holds, then memunmap_pages() every pgmap not torn down yet. */
    public void evictAll() {
        for (int p = 0; p < pgmaps.size(); p++) {
            if (tornDown[p]) continue;
            boolean allocated = setup.pgmaps().get(p).type().countsPerAllocation();
            for (Allocation a : List.copyOf(records.get(p).values()))
                if (a.held() == Allocation.Held.HELD) {
                    if (allocated) free(p, a.offset());
                    else put(p, a.offset());
                }
            teardown(p);
        }
    }

    /** Runs two driver calls on CPUs A and B, interleaved at kernel-primitive granularity as {@code schedule} says. */
    public void onTwoCpus(String schedule, Runnable cpuA, Runnable cpuB) {
        long[] span = {-1, -1, -1, -1};
        overlapped = false;
        try {
            m.runOnCpus(Schedule.parse(schedule), () -> timed(span, 0, cpuA), () -> timed(span, 2, cpuB));
        } finally {
            overlapped = span[2] >= 0 && span[0] >= 0 && span[2] < (span[1] < 0 ? Long.MAX_VALUE : span[1])
                    && span[0] < (span[3] < 0 ? Long.MAX_VALUE : span[3]);
        }
    }

    private void timed(long[] span, int at, Runnable program) {
        span[at] = m.clock();
        program.run();
        span[at + 1] = m.clock();
    }

    private boolean overlapped;

    /** Whether the two calls of the last onTwoCpus overlapped: one started before the other had finished. */
    boolean overlapped() {
        return overlapped;
    }

    // ---- the free callback ---------------------------------------------------------------------

    /** ->folio_free(): take back the range recorded at this head. */
    private void folioFree(int p, Page head, int order) {
        note("->folio_free", FolioLife.atHandBack(m, head.as_folio()));
        int offset = Math.toIntExact(head.pfn() - pgmaps.get(p).startPfn());
        TreeMap<Integer, Allocation> recs = records.get(p);
        Allocation a = recs.remove(offset);
        if (a == null) {
            m.pr_info(String.format("%s: folio_free for +%d (order %d), which the driver did not hand out; ignored",
                    name(p), offset, order));
            return;
        }
        pgmaps.get(p).noteHandedOut(-a.pages());
    }

    // ---- the model's own checks ------------------------------------------------------------------

    private boolean wokeUp;
    private final List<String> p2pReturned = new ArrayList<>();

    /** The model's own invariant lines (FolioLife, the idle checks) go on the model's notes channel, never the kernel log. */
    private void note(String function, List<String> lines) {
        for (String l : lines) m.note(ModelNotes.Kind.INVARIANT, function, l);
    }

    private void note(String function, String line) {
        m.note(ModelNotes.Kind.INVARIANT, function, line);
    }

    // ---- bookkeeping -----------------------------------------------------------------------------

    private void unmapRest(Allocation a, Page page) {
        Folio folio = m.page_folio(page);
        switch (a.mapped()) {
            case NONE -> { }
            case PMD -> m.folio_remove_rmap_pmd(folio);
            case PTES -> m.folio_remove_rmap_ptes(folio, page, a.pages());
            case FIRST_HALF -> m.folio_remove_rmap_ptes(folio, page, a.pages() / 2);
        }
        // Each PTE held a reference; the last goes with the put that follows (as in ScenarioContext.unmapAll).
        int ptes = a.mapped() == Allocation.Mapped.PTES ? a.pages() : a.mapped() == Allocation.Mapped.FIRST_HALF ? a.pages() / 2 : 0;
        if (ptes > 1) m.folio_put_refs(folio, ptes - 1);
    }

    private void usable(int p) {
        if (p < 0 || p >= pgmaps.size()) throw new NotConforming("no pgmap " + p);
        if (tornDown[p]) throw new NotConforming(name(p) + " is torn down (memunmap_pages was called)");
    }

    private void allocatable(int p) {
        MemoryType type = setup.pgmaps().get(p).type();
        if (!type.countsPerAllocation()) throw new NotConforming("alloc: " + name(p) + " is " + type + "; drivers do not allocate its pages");
    }

    private Allocation held(int p, int offset, String call) {
        usable(p);
        Allocation a = records.get(p).get(offset);
        if (a == null || a.held() != Allocation.Held.HELD)
            throw new NotConforming(call + ": the driver holds no folio at " + name(p) + " +" + offset);
        return a;
    }

    String name(int p) {
        return setup.pgmaps().get(p).name();
    }

    private String describe(Allocation a) {
        return String.format("%s +%d (order %d)", name(a.pgmap()), a.offset(), a.order());
    }

    boolean isFree(int p, int offset, int order) {
        return state().isFree(p, offset, order);
    }

    int freeRange(int p, int order, int fit) {
        return state().freeRange(p, order, fit);
    }

    /** The driver's records and torn-down flags, as an immutable value. */
    public DriverState state() {
        List<List<Allocation>> copy = new ArrayList<>();
        for (TreeMap<Integer, Allocation> r : records) copy.add(List.copyOf(r.values()));
        return new DriverState(setup, copy, tornDown.clone());
    }
}
