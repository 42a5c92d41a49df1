package lab.memremap.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import lab.memremap.design.Designs;
import lab.memremap.driver.Allocation;
import lab.memremap.driver.DeviceDriver;
import lab.memremap.driver.DrmBuddy;
import lab.memremap.driver.PageRefOwner;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.FolioLife;
import lab.memremap.model.Machine;
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
 * <p>It is a facade over the one driver layer ({@code lab.memremap.driver}): each PRIVATE or COHERENT
 * pgmap is a {@link DrmBuddy}, the allocator the scenarios use, and each GENERIC, FS_DAX or PCI_P2PDMA
 * pgmap a {@link PageRefOwner}. Every kernel call of a move is made there; this class adds what a
 * search needs: the rules of a conforming driver, labels for the trace, the model's invariant notes
 * (FolioLife) at each init and hand-back, and two-CPU runs. The buddy's free callback returns the
 * range it recorded for the head the kernel passes, and keeps the pgmap's handed-out count (the model's
 * ref-count invariant) in step with its records.
 */
public final class Driver {
    /** The orders the driver allocates at. */
    public static final int[] ORDERS = {0, 1, 2, 9};

    private final Machine m;
    private final Setup setup;
    /** Per pgmap of the setup: its allocator (PRIVATE, COHERENT) or its reference owner (the others); one is null. */
    private final DrmBuddy[] buddies;
    private final PageRefOwner[] owners;
    private final boolean[] tornDown;

    private Driver(Design design, Setup setup) {
        this.setup = Objects.requireNonNull(setup, "Driver.boot: setup is null");
        Objects.requireNonNull(design, "Driver.boot: design is null");
        this.m = Machine.boot(Designs.configFor(design, setup.config()), design);
        int n = setup.pgmaps().size();
        this.tornDown = new boolean[n];
        this.buddies = new DrmBuddy[n];
        this.owners = new PageRefOwner[n];
        DeviceDriver.Watcher lifeChecks = new DeviceDriver.Watcher() {
            @Override public void afterInit(Folio folio, int order) {
                note("zone_device_folio_init", FolioLife.afterInit(m, folio, order));
            }

            @Override public void atHandBack(Page head) {
                note("->folio_free", FolioLife.atHandBack(m, head.as_folio()));
            }
        };
        for (int p = 0; p < n; p++) {
            Setup.PgmapSpec spec = setup.pgmaps().get(p);
            if (spec.type().countsPerAllocation()) {
                buddies[p] = new DrmBuddy(m, spec.name(), spec.type(), spec.pages(), p);
                buddies[p].watch(lifeChecks);
            } else {
                // pci_p2pdma's pages go back to its pool through p2pdma_folio_free(); a buggy provider has no callback.
                owners[p] = new PageRefOwner(m, spec.name(), spec.type(), spec.pages(), 0, p, this, setup.isBuggy());
            }
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
        return buddies[p] != null ? buddies[p].pgmap() : owners[p].pgmap();
    }

    /** The allocator of pgmap {@code p} (a PRIVATE or COHERENT one): the same class the scenarios use. */
    public DrmBuddy buddy(int p) {
        allocatable(p);
        return buddies[p];
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
        m.setOperation(legacy ? String.format("allocLegacy(%s +%d)", name(p), offset)
                : String.format("alloc(%s +%d, order %d)", name(p), offset, order));
        buddies[p].take(offset, order, legacy);
    }

    // ---- what a buggy driver does (only with Setup.buggy()) ----------------------------------------

    /** Buggy: hands out again the range of a folio it still holds (init over a live folio). */
    public void allocAgain(int p, int offset, int order) {
        buggyOnly("allocAgain");
        usable(p);
        allocatable(p);
        m.setOperation(String.format("allocAgain(%s +%d, order %d)", name(p), offset, order));
        buddies[p].handOutAgain(buddies[p].pgmap(), offset, order);
    }

    /** Buggy: drops a reference on a page it never allocated (put_page on a free page). */
    public void putUnallocated(int p, int offset) {
        buggyOnly("putUnallocated");
        usable(p);
        m.setOperation(String.format("putUnallocated(%s +%d)", name(p), offset));
        if (buddies[p] != null) buddies[p].putUnallocated(buddies[p].pgmap(), offset);
        else owners[p].putUnreferenced(offset);
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
        buddies[p].splitPmd(page(p, offset));
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
        buddies[p].migrateToRam(page(p, offset));
    }

    // ---- GENERIC and FS_DAX pages ------------------------------------------------------------------

    /**
     * Takes a reference on an idle page of a GENERIC, FS_DAX or PCI_P2PDMA pgmap: GENERIC pages idle at
     * refcount 1 (device-dax maps them with folio_get()); FS_DAX pages idle at 0 and fs/dax.c takes the
     * first reference with folio_ref_inc() when it maps the page (7.2.13 fs/dax.c:1892).
     */
    public void get(int p, int offset) {
        usable(p);
        MemoryType type = setup.pgmaps().get(p).type();
        if (type.countsPerAllocation()) throw new NotConforming("get: " + name(p) + " is " + type + "; its pages are allocated, not got");
        if (!isFree(p, offset, 0)) throw new NotConforming("get: the driver already holds " + name(p) + " +" + offset);
        m.setOperation(String.format("get(%s +%d)", name(p), offset));
        owners[p].get(offset);
    }

    /** Drops the reference {@link #get} took: FS_DAX's last put frees the page (free_zone_device_folio wakes waiters). */
    public void put(int p, int offset) {
        usable(p);
        if (setup.pgmaps().get(p).type().countsPerAllocation()) throw new NotConforming("put: use free() on " + name(p));
        held(p, offset, "put");
        m.setOperation(String.format("put(%s +%d)", name(p), offset));
        owners[p].put(offset);
    }

    /** Drops the driver's reference (after unmapping what is still mapped): the kernel frees the folio. */
    public void free(int p, int offset) {
        if (!setup.pgmaps().get(p).type().countsPerAllocation()) throw new NotConforming("free: use put() on " + name(p));
        held(p, offset, "free");
        m.setOperation(String.format("free(%s +%d)", name(p), offset));
        buddies[p].free(page(p, offset));
    }

    /** Maps the folio into the process: by PMD at order 9, by PTEs otherwise. */
    public void map(int p, int offset) {
        Allocation a = held(p, offset, "map");
        if (a.mapped() != Allocation.Mapped.NONE) throw new NotConforming("map: " + describe(a) + " is already mapped");
        m.setOperation(String.format("map(%s +%d)", name(p), offset));
        // Data migrates into the folio: charged to the task's memcg, mapped exclusively (migrate_vma_insert_page()).
        buddies[p].map(page(p, offset), a.order() == 9);
    }

    /** Unmaps the second half of a fully mapped large folio (munmap of part of the range). */
    public void unmapHalf(int p, int offset) {
        Allocation a = held(p, offset, "unmapHalf");
        if (a.order() == 0) throw new NotConforming("unmapHalf: " + describe(a) + " is a single page");
        if (a.mapped() != Allocation.Mapped.PMD && a.mapped() != Allocation.Mapped.PTES)
            throw new NotConforming("unmapHalf: " + describe(a) + " is not fully mapped");
        m.setOperation(String.format("unmapHalf(%s +%d)", name(p), offset));
        buddies[p].unmapSecondHalf(page(p, offset));
    }

    /** Splits an unmapped device-private folio into folios of {@code newOrder} (migrate_vma_split_folio), holding its lock. */
    public void split(int p, int offset, int newOrder) {
        Allocation a = held(p, offset, "split");
        if (setup.pgmaps().get(p).type() != MemoryType.MEMORY_DEVICE_PRIVATE)
            throw new NotConforming("split: only device-private folios are split (during migration)");
        if (a.mapped() != Allocation.Mapped.NONE) throw new NotConforming("split: " + describe(a) + " is mapped");
        if (newOrder < 0 || newOrder >= a.order() || (newOrder != 0 && newOrder != 1 && newOrder != 2))
            throw new NotConforming("split: " + describe(a) + " cannot be split to order " + newOrder);
        m.setOperation(String.format("split(%s +%d, order %d)", name(p), offset, newOrder));
        buddies[p].split(page(p, offset), newOrder);
    }

    /** memunmap_pages(): the driver has evicted everything it holds on this pgmap first. */
    public void teardown(int p) {
        usable(p);
        for (Allocation a : records(p))
            if (a.held() == Allocation.Held.HELD)
                throw new NotConforming("teardown: " + describe(a) + " is still held; a conforming driver evicts it first");
        tornDown[p] = true;
        m.setOperation("teardown(" + name(p) + ")");
        m.setComm(m.currentCpu(), "rmmod");
        if (buddies[p] != null) buddies[p].teardown(buddies[p].pgmap());
        else owners[p].teardown();
    }

    /** The driver unloading: free everything it holds, then memunmap_pages() every pgmap not torn down yet. */
    public void evictAll() {
        for (int p = 0; p < tornDown.length; p++) {
            if (tornDown[p]) continue;
            boolean allocated = setup.pgmaps().get(p).type().countsPerAllocation();
            for (Allocation a : records(p))
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

    // ---- the model's own checks ------------------------------------------------------------------

    /** The model's own invariant lines (FolioLife) go on the model's notes channel, never the kernel log. */
    private void note(String function, List<String> lines) {
        for (String l : lines) m.note(ModelNotes.Kind.INVARIANT, function, l);
    }

    // ---- bookkeeping -----------------------------------------------------------------------------

    private Page page(int p, int offset) {
        return pgmap(p).page(offset);
    }

    private List<Allocation> records(int p) {
        return buddies[p] != null ? buddies[p].records(0) : owners[p].records();
    }

    private void usable(int p) {
        if (p < 0 || p >= tornDown.length) throw new NotConforming("no pgmap " + p);
        if (tornDown[p]) throw new NotConforming(name(p) + " is torn down (memunmap_pages was called)");
    }

    private void allocatable(int p) {
        MemoryType type = setup.pgmaps().get(p).type();
        if (!type.countsPerAllocation()) throw new NotConforming("alloc: " + name(p) + " is " + type + "; drivers do not allocate its pages");
    }

    private Allocation held(int p, int offset, String call) {
        usable(p);
        Allocation a = buddies[p] != null ? buddies[p].recordOf(page(p, offset))
                : owners[p].holds(offset) ? records(p).stream().filter(r -> r.offset() == offset).findFirst().orElseThrow() : null;
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
        for (int p = 0; p < tornDown.length; p++) copy.add(records(p));
        return new DriverState(setup, copy, tornDown.clone());
    }
}
