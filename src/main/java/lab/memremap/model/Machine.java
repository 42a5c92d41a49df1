package lab.memremap.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One model instance: the memmap of every device range, the pgmaps, the kernel log, the trace, the
 * logical clock and the simulated CPUs, running the kernel code of one {@link Design}. Deterministic:
 * no wall clock, no unseeded randomness; the same calls give the same state, log and trace.
 *
 * <p>The machine itself implements {@link KernelApi}, so a notebook cell can call kernel functions
 * on it directly: {@code m.folio_order(m.page_folio(page))}.
 */
public final class Machine implements KernelApi, Displayable {
    /** Device ranges are placed from this pfn upwards (4 GiB), 2 MiB aligned, one after another. */
    public static final long DEVICE_BASE_PFN = 0x100000;
    private static final long PGMAP_BASE_ADDRESS = 0xffff888100000000L;

    public final Config config;
    final Memmap memmap;
    final KernelLog log;
    final ModelNotes notes = new ModelNotes();
    final Trace trace;
    private final List<DevPagemap> pgmaps = new ArrayList<>();
    private final Design design;
    long clock;
    long timeUs;
    int cpu;
    private final String[] operation = new String[8];
    private final String[] comm = {"hmm-tests", "kworker/1:1", "kworker/2:1", "kworker/3:1", "kworker/4:1",
        "kworker/5:1", "kworker/6:1", "kworker/7:1"};
    private Scheduler scheduler;
    private final List<PercpuRef> switching = new ArrayList<>();
    HandBack handBacks;
    private long nextFreePfn = DEVICE_BASE_PFN;

    private Machine(Config config, Design design) {
        this.config = Objects.requireNonNull(config, "Machine.boot: config is null");
        this.design = Objects.requireNonNull(design, "Machine.boot: design is null");
        this.memmap = new Memmap(DEVICE_BASE_PFN);
        this.log = new KernelLog(config);
        this.trace = new Trace(this);
    }

    /** A fresh model instance running {@code design} under {@code config}. */
    public static Machine boot(Config config, Design design) {
        return new Machine(config, design);
    }

    @Override public Machine machine() {
        return this;
    }

    /** The design whose code this machine runs, bound to this machine for the call that follows. */
    public Design design() {
        design.bind(this);
        return design;
    }

    private final DeferredSplitQueue deferredSplitQueue = new DeferredSplitQueue();

    public DeferredSplitQueue deferredSplitQueue() {
        return deferredSplitQueue;
    }

    /**
     * A driver initialising the range at {@code page} as a folio of {@code order}, the way drivers of
     * the running design's version do. Orders the C code cannot express (negative, or 1 << order
     * overflowing an int) are refused here with an exception; every other order goes to the design.
     */
    public Folio zoneDeviceInit(Page page, DevPagemap pgmap, int order) {
        PageAlloc.nrPages("zone_device_folio_init", order);
        return design().allocFolio(page, pgmap, order);
    }

    /** A legacy order-0 driver (nouveau, amdkfd before THP) initialising one page through the order-0 entry point. */
    public Folio zoneDevicePageInit(Page page, DevPagemap pgmap) {
        return design().allocPage(page, pgmap);
    }

    public KernelLog log() {
        return log;
    }

    public Trace trace() {
        return trace;
    }

    /** The workbench's own notes: analysis that a real kernel never prints (see {@link ModelNotes}). */
    public ModelNotes notes() {
        return notes;
    }

    /**
     * Adds a note of the model's own (never a kernel line) at the current clock and CPU. Designs,
     * drivers, the explorer and notebook cells use it for anything the kernel would not print.
     */
    public void note(ModelNotes.Kind kind, String function, String text) {
        notes.add(new ModelNotes.Note(clock, cpu, java.util.Objects.requireNonNull(kind, "note: kind is null"),
                function == null ? "" : function, java.util.Objects.requireNonNull(text, "note: text is null")));
    }

    public Memmap memmap() {
        return memmap;
    }

    /** The logical clock: one tick per kernel primitive executed. */
    public long clock() {
        return clock;
    }

    public List<DevPagemap> pgmaps() {
        return Collections.unmodifiableList(pgmaps);
    }

    // ---- simulated CPUs ----------------------------------------------------------------------

    /** The simulated CPU running now (0 = A, 1 = B, ...). */
    public int currentCpu() {
        return cpu;
    }

    /** The task (comm) running on {@code cpu}, as hung-task reports print it. */
    public String comm(int c) {
        return comm[c];
    }

    public int pid(int c) {
        return 1000 + c;
    }

    /** Names the task on a CPU (e.g. "rmmod" for a driver unbinding). */
    public void setComm(int c, String name) {
        comm[c] = Objects.requireNonNull(name);
    }

    /** Labels what the current CPU is doing (a driver operation); traces carry it. */
    public void setOperation(String op) {
        operation[cpu] = op;
    }

    public String currentOperation() {
        String op = operation[cpu];
        return op == null ? "" : op;
    }

    /**
     * Runs one program per CPU, interleaved step by step as {@code schedule} says. Returns normally
     * when all finished; throws {@link ScenarioStopped} if a hung task or an oops ended the run.
     */
    public void runOnCpus(Schedule schedule, Runnable... programs) {
        if (programs.length == 0 || programs.length > 8)
            throw new IllegalArgumentException("runOnCpus: " + programs.length + " programs; give 1 to 8");
        if (scheduler != null) throw new IllegalStateException("runOnCpus: already running CPUs");
        scheduler = new Scheduler(this, schedule, programs.length);
        try {
            scheduler.run(programs);
        } finally {
            scheduler = null;
            cpu = 0;
        }
    }

    /** Observes every kernel primitive (function name) as it is about to run, after any CPU switch. */
    @FunctionalInterface
    public interface StepListener {
        void onStep(Machine m, String function);
    }

    private final List<StepListener> stepListeners = new ArrayList<>();

    /** Registers a listener called at every step (diffs and charts use it; it must not call kernel code). */
    public void addStepListener(StepListener l) {
        stepListeners.add(Objects.requireNonNull(l));
    }

    /** A kernel primitive is about to run: tick the clock, let pending RCU work finish, maybe switch CPU. */
    public void step(String function) {
        schedulingPoint(function);
        // A new statement of the calling design: its stores are new points again (see storeStep).
        if (storeSites[cpu] != null) storeSites[cpu].clear();
    }

    private void schedulingPoint(String function) {
        if (scheduler != null) scheduler.step(function);
        for (int i = 0; i < stepListeners.size(); i++) stepListeners.get(i).onStep(this, function);
        clock++;
        timeUs++;
        if (!switching.isEmpty()) PercpuRefcount.tickSwitches(this, switching);
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** A store statement of a design's own code: the method and the bytecode index of the call that stores. */
    private record StoreSite(Class<?> design, String method, int bci) {}

    /** Per CPU, the store statements that were points since that CPU's last kernel primitive. */
    @SuppressWarnings("unchecked")
    private final java.util.Set<StoreSite>[] storeSites = new java.util.Set[8];

    /**
     * A store to a struct page field, about to happen. Issue 10, item 1: "Statement boundaries inside a
     * design's own init and free functions (not inside helpers such as prep_compound_page(), which would
     * blow up the two-CPU search) must be scheduling points, stores included, so a race can run between
     * the put and the store." Calls of kernel primitives are points everywhere ({@link #step}); this makes
     * the stores the design's own code makes (any method of a {@link Design} subclass: its init and free
     * functions and helpers it defines itself, such as D7b's free_zone_device_folio_prepare()) points too,
     * so memunmap_pages() can run between RFC/v1 and v2's last put and their page->mapping = NULL
     * (kernel-history.md Errata 6), or between two stores of an init. Stores inside the model's kernel
     * helpers (prep_compound_page(), __ClearPageAnonExclusive(), ...) are part of those helpers.
     *
     * <p>Granularity: a store statement is a point the first time it runs after this CPU's last kernel
     * primitive, so a loop over a folio's pages that calls no primitive (D8's re-initialisation, D7b's
     * prepare) is a point before each store of its first iteration and after its end, not 5 points per
     * page (2,560 for an order-9 init); a loop that calls a primitive is visible in every iteration
     * through it. What this leaves out is another CPU seeing the loop half done at some page other than
     * the first. {@link Config#everyStoreAPoint} makes every store a point, and
     * SchedulingGranularityTest shows the outcomes equal on orders 1 to 3. Only during a race (a
     * point with one CPU changes nothing), and deterministic: the same calls give the same points.
     */
    void storeStep(String field) {
        if (scheduler == null) return;
        StackWalker.StackFrame caller = WALKER.walk(s -> s.filter(f -> f.getDeclaringClass() != Machine.class
                && !StructPage.class.isAssignableFrom(f.getDeclaringClass())).findFirst().orElse(null));
        if (caller == null || !Design.class.isAssignableFrom(caller.getDeclaringClass())) return;
        if (!config.everyStoreAPoint) {
            if (storeSites[cpu] == null) storeSites[cpu] = new java.util.HashSet<>();
            if (!storeSites[cpu].add(new StoreSite(caller.getDeclaringClass(), caller.getMethodName(), caller.getByteCodeIndex())))
                return;
        }
        schedulingPoint("store " + field);
    }

    void startSwitch(PercpuRef ref) {
        switching.add(ref);
    }

    /**
     * Sleeps until {@code ready} holds. With one CPU, or when no other CPU can make progress, nothing
     * will ever wake the task: khungtaskd reports it after 120 s and the scenario stops.
     */
    void block(BooleanSupplier ready, String function, String... stack) {
        if (ready.getAsBoolean()) return;
        stacks[cpu] = stack;
        Runnable report = () -> reportHung(cpu, stack);
        if (scheduler == null) {
            report.run();
            throw new ScenarioStopped("hung task");
        }
        scheduler.block(ready, report);
    }

    private String[] blockedStack = new String[0];

    void reportHung(int c, String... stack) {
        blockedStack = stack;
        timeUs += Constants.HUNG_TASK_TIMEOUT_SECS * 1_000_000L;
        String text = HungTaskReport.text(this, c, stack);
        log.add(new KernelLog.Entry(clock, timeUs, c, KernelLog.Kind.HUNG, stack.length > 0 ? stack[0] : "", text));
    }

    /** Where each CPU last went to sleep, for a hung-task report of a CPU other than the one noticing. */
    private final String[][] stacks = new String[8][];

    void reportHungOther(int c) {
        reportHung(c, stacks[c] != null ? stacks[c] : new String[] {"schedule"});
    }

    // ---- the kernel release this machine prints -----------------------------------------------

    private boolean taintWarn;
    private boolean taintDie;
    private int dieCounter;

    /** The base kernel of the running design ("6.17", "6.19", ...), which decides the log formats. */
    public String kernelVersion() {
        return design.baseKernel();
    }

    /** True when the running design's kernel is {@code major.minor} or later. */
    public boolean kernelAtLeast(int major, int minor) {
        String[] v = kernelVersion().split("[.-]");
        int maj = Integer.parseInt(v[0]);
        int min = v.length > 1 ? Integer.parseInt(v[1]) : 0;
        return maj > major || maj == major && min >= minor;
    }

    /** init_utsname()->release as the model prints it: the design's base kernel, marked as the model's build. */
    String kernelRelease() {
        return kernelVersion() + ".0-memremap-lab";
    }

    /**
     * print_tainted() (kernel/panic.c): "Not tainted", or "Tainted: " and one character per taint flag,
     * 'G' for the first when clear. 6.15 added TAINT_FWCTL, the 20th flag.
     */
    String printTainted() {
        if (!taintWarn && !taintDie) return "Not tainted";
        int flags = kernelAtLeast(6, 15) ? 20 : 19;
        StringBuilder sb = new StringBuilder("Tainted: ");
        for (int i = 0; i < flags; i++)
            sb.append(i == 0 ? 'G' : i == 7 && taintDie ? 'D' : i == 9 && taintWarn ? 'W' : ' ');
        return sb.toString();
    }

    /** print_tainted_verbose(): "[D]=DIE, [W]=WARN", or null when not tainted. */
    String printTaintedVerbose() {
        if (!taintWarn && !taintDie) return null;
        List<String> parts = new ArrayList<>();
        if (taintDie) parts.add("[D]=DIE");
        if (taintWarn) parts.add("[W]=WARN");
        return "Tainted: " + String.join(", ", parts);
    }

    /** dump_stack_print_info() (lib/dump_stack.c): the CPU line, and the verbose taint line once tainted. */
    String cpuInfo(int c) {
        String s = String.format("CPU: %d UID: 0 PID: %d Comm: %s %s %s #1", c, pid(c), comm[c], printTainted(), kernelRelease());
        String verbose = printTaintedVerbose();
        return verbose == null ? s : s + "\n" + verbose;
    }

    /** add_taint(TAINT_WARN) at the end of __warn(). */
    void taintWarn() {
        taintWarn = true;
    }

    /** The "[#n]" of the next oops; an oops taints with TAINT_DIE. */
    int nextDie() {
        return ++dieCounter;
    }

    void taintDie() {
        taintDie = true;
    }

    // ---- memmap access -----------------------------------------------------------------------

    /** The struct page of {@code pfn}; throws if no pgmap range populated it (bad input, not a kernel path). */
    public Page pfn_to_page(long pfn) {
        long idx = pfn - memmap.basePfn;
        if (idx < 0 || idx >= memmap.n || !memmap.isPopulated((int) idx))
            throw new IllegalArgumentException(String.format("pfn_to_page: pfn 0x%x is outside every pgmap", pfn));
        return new Page(this, (int) idx);
    }

    /** A struct page slot by memmap index, populated or not (kernel pointer arithmetic). */
    public Page pageAt(int idx) {
        return new Page(this, idx);
    }

    /**
     * A struct page that no populated memmap holds (its vmemmap was removed): the access faults. The
     * report says read or write as the access was (error_code bit 1), and the note says which field.
     */
    void unpopulated(int idx, String what, boolean write) {
        long addr = memmap.pageAddress(idx);
        note(ModelNotes.Kind.USE_AFTER_FREE, what, String.format("%s of the struct page of pfn 0x%x %s after its memmap"
                + " was removed (pageunmap_range): the vmemmap is unmapped, so the access faults", what, memmap.pfn(idx),
                write ? "written" : "read"));
        WarnSite site = WarnSite.find("page fault");
        throw Diagnostics.pageFault(this, addr, false, write ? "write access" : "read access", write ? 0x0002 : 0x0000,
                "not-present page", site.callTrace.get(0), site.callTrace);
    }

    long word1Address(int w) {
        if (w == 0) return 0;
        if ((w & 1) != 0) return memmap.pageAddress(w >>> 1) + 1;
        return pgmapAddress(w >>> 1);
    }

    private static long pgmapAddress(int id) {
        return PGMAP_BASE_ADDRESS + (long) id * 0x400;
    }

    DevPagemap pgmapById(int id) {
        if (id < 1 || id > pgmaps.size()) return DevPagemap.bogus(this, pgmapAddress(id));
        return pgmaps.get(id - 1);
    }

    /** The pgmap whose ranges hold {@code pfn}, in any state (the pgmap_array entry), or null. */
    DevPagemap pgmapOfPfn(long pfn) {
        for (DevPagemap p : pgmaps) if (p.contains(pfn)) return p;
        return null;
    }

    /** A new, not yet mapped struct dev_pagemap (what a driver embeds in its device structure). */
    public DevPagemap newPgmap(String name, MemoryType type, DevPagemapOps ops, Object owner) {
        int id = pgmaps.size() + 1;
        DevPagemap p = new DevPagemap(this, id, name, type, ops, owner, false, pgmapAddress(id));
        if (ops != null) ops.attach(this);
        pgmaps.add(p);
        return p;
    }

    /** Reserves the next free device pfn range of {@code nrPages}, 2 MiB aligned (request_free_mem_region). */
    public long reservePfnRange(long nrPages) {
        if (nrPages <= 0 || nrPages > Integer.MAX_VALUE / 4)
            throw new IllegalArgumentException("reservePfnRange: nrPages " + nrPages + " is not a usable size");
        long start = nextFreePfn;
        long align = 1L << Memmap.SUBSECTION_SHIFT;
        nextFreePfn = (start + nrPages + align - 1) / align * align;
        return start;
    }

    /** Populates struct pages for [startPfn, endPfn): the memory hotplug part of pagemap_range(). */
    void populate(long startPfn, long endPfn) {
        int end = Math.toIntExact(endPfn - memmap.basePfn);
        if (end > memmap.n) {
            try {
                memmap.grow(end);
            } catch (OutOfMemoryError e) {
                throw new IllegalStateException(String.format("memremap_pages: the Java heap ran out growing the memmap to"
                        + " %d struct pages (pfn 0x%x); the memmap is left as it was", end, endPfn - 1), e);
            }
        }
        int s = Math.toIntExact(startPfn - memmap.basePfn);
        for (int sub = s >> Memmap.SUBSECTION_SHIFT; sub <= (end - 1) >> Memmap.SUBSECTION_SHIFT; sub++)
            memmap.populated[sub] = true;
    }

    void depopulate(long startPfn, long endPfn) {
        int s = Math.toIntExact(startPfn - memmap.basePfn);
        int end = Math.toIntExact(endPfn - memmap.basePfn);
        for (int sub = s >> Memmap.SUBSECTION_SHIFT; sub <= (end - 1) >> Memmap.SUBSECTION_SHIFT; sub++)
            memmap.populated[sub] = false;
    }

    // ---- folios handed back to the driver ------------------------------------------------------

    /** A folio the kernel handed to its driver's free callback while the free path is still running. */
    static final class HandBack {
        final Machine m;
        final int start;
        final int nr;
        final int cpu;
        final long clock;
        /** Another CPU wrote one of the pages after the hand-back: the driver re-used the folio. */
        boolean reused;
        boolean reported;
        HandBack next;

        HandBack(Machine m, int start, int nr, int cpu, long clock) {
            this.m = m;
            this.start = start;
            this.nr = nr;
            this.cpu = cpu;
            this.clock = clock;
        }

        void touched(int idx) {
            for (HandBack h = this; h != null; h = h.next)
                if (idx >= h.start && idx < h.start + h.nr && h.m.cpu != h.cpu) h.reused = true;
        }
    }

    /** Called when a free callback returns: from now on the driver owns these pages. */
    void handedBack(Page head, int nr) {
        int pages = nr > 0 ? nr : 1;
        HandBack h = new HandBack(this, head.idx, pages, cpu, clock);
        h.next = handBacks;
        handBacks = h;
        memmap.watch = handBacks;
    }

    /** Called when free_zone_device_folio returns on this CPU: its hand-back is over. */
    void freePathDone() {
        HandBack prev = null;
        for (HandBack h = handBacks; h != null; h = h.next) {
            if (h.cpu == cpu) {
                if (prev == null) handBacks = h.next;
                else prev.next = h.next;
            } else prev = h;
        }
        memmap.watch = handBacks;
    }

    private boolean peeking;

    /**
     * Runs {@code read} as an onlooker outside the simulated kernel (a step recording reading the memmap):
     * its reads of a folio a free callback handed back are not the kernel's, so they are not reported.
     */
    public <T> T peek(java.util.function.Supplier<T> read) {
        boolean was = peeking;
        peeking = true;
        try {
            return read.get();
        } finally {
            peeking = was;
        }
    }

    void checkRead(int idx, String what) {
        if (peeking) return;
        for (HandBack h = handBacks; h != null; h = h.next) {
            if (h.cpu != cpu || idx < h.start || idx >= h.start + h.nr || h.reported) continue;
            h.reported = true;
            // The kernel prints nothing here: struct pages live in the vmemmap, which KASAN does not poison,
            // so even a KASAN kernel stays silent. Only the model can see it.
            if (h.reused) {
                note(ModelNotes.Kind.USE_AFTER_FREE, what, String.format(
                        "%s of pfn 0x%x touched after the free callback handed the folio back, and another CPU has"
                        + " re-used it since (the kernel prints nothing; KASAN does not track struct pages either)",
                        what, memmap.pfn(idx)));
            } else {
                note(ModelNotes.Kind.INFO, what, String.format(
                        "%s of pfn 0x%x touched after the free callback handed the folio back"
                        + " (harmless here: nothing re-used it yet)", what, memmap.pfn(idx)));
            }
        }
    }

    // ---- log helpers used by the diagnostics -------------------------------------------------

    void logEntry(KernelLog.Kind kind, String function, String text) {
        log.add(new KernelLog.Entry(clock, timeUs, cpu, kind, function, text));
    }

    /**
     * A NULL pointer dereference the modelled kernel makes (a read through {@code what}, e.g.
     * "pgmap->ops", or a call through a NULL function pointer): logs the oops the kernel prints and
     * returns the {@link Oops} that ends the scenario. Design code reaches it through
     * {@link Pointers#deref}; a Java NullPointerException elsewhere is the design's own bug.
     */
    public Oops nullPointerDereference(String function, String what, boolean call) {
        note(ModelNotes.Kind.INFO, function, "NULL dereference of " + what + (call ? " (a call through a NULL function pointer)" : ""));
        WarnSite site = WarnSite.find("oops");
        return Diagnostics.pageFault(this, 0, true, call ? "instruction fetch" : "read access", call ? 0x0010 : 0x0000,
                "not-present page", function, site.callTrace);
    }

    /** Adds an informational line to the kernel log (pr_info). */
    public void pr_info(String text) {
        logEntry(KernelLog.Kind.INFO, "", text);
    }

    // ---- state ---------------------------------------------------------------------------------

    /** A picture of {@code count} struct pages from {@code startPfn}: words, flags, and what page_folio() makes of them. */
    public MemmapPicture memmapView(long startPfn, int count) {
        if (count <= 0 || count > 4096)
            throw new IllegalArgumentException("memmapView: count " + count + " (show 1 to 4096 pages)");
        return MemmapPicture.of(pageAt(Math.toIntExact(startPfn - memmap.basePfn)), 0, count);
    }

    /** The first pages of {@code pgmap} (at most 64; use MemmapPicture.of for other runs). */
    public MemmapPicture memmapView(DevPagemap pgmap) {
        return MemmapPicture.of(pgmap, 0, (int) Math.min(64, pgmap.nrPages()));
    }

    /** A canonical snapshot of everything the kernel could observe (see {@link Snapshot}). */
    public Snapshot snapshot() {
        return Snapshot.of(this);
    }

    /** Runs the invariant checks of §2.11 and returns the violations (empty when all hold). */
    public List<String> checkInvariants() {
        return Invariants.check(this);
    }

    @Override public String toText() {
        StringBuilder sb = new StringBuilder(config.banner()).append('\n');
        sb.append("design: ").append(design.name()).append(" — ").append(design.title()).append('\n');
        for (DevPagemap p : pgmaps) sb.append(p.toText()).append('\n');
        return sb.toString();
    }

    @Override public String summary() {
        return "machine: " + design.name() + " — " + design.title() + ", " + pgmaps.size() + " pgmap(s)";
    }

    @Override public String toHtml() {
        return "<pre>" + Html.escape(toText()) + "</pre>";
    }

    @Override public String toString() {
        return "Machine[" + design.name() + ", " + pgmaps.size() + " pgmap(s), clock " + clock + "]";
    }
}
