package lab.memremap.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.memremap.design.Designs;
import lab.memremap.design.NotApplicable;
import lab.memremap.driver.DeviceDriver;
import lab.memremap.driver.Dmirror;
import lab.memremap.driver.DrmBuddy;
import lab.memremap.driver.Nouveau;
import lab.memremap.driver.PageRefOwner;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelApi;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Page;
import lab.memremap.model.Schedule;

/**
 * What a scenario's steps are written against: drivers, named folios, mapping and freeing, teardown,
 * races between CPUs, and notes for the result. Every top-level operation is recorded (its kernel
 * primitives, the state after it, the log lines it produced), which is what a diff of two designs
 * compares. It implements {@link KernelApi}, so a step can also call any kernel function directly.
 */
public final class ScenarioContext implements KernelApi {
    /** One recorded operation: its label, the primitives it ran, and the state and log after it. */
    public record Op(int index, String label, long clockStart, long clockEnd, List<String> steps, long stateHash,
                     List<String> newLog, String refs) {}

    private final Machine m;
    private final Design design;
    private final List<DeviceDriver> drivers = new ArrayList<>();
    private final List<PageRefOwner> owners = new ArrayList<>();
    private final Map<String, Page> folios = new LinkedHashMap<>();
    final List<String> observations = new ArrayList<>();
    final Set<String> staleNotes = new LinkedHashSet<>();
    final Set<String> violations = new LinkedHashSet<>();
    /**
     * Ref-count violations seen when an operation ended in an oops or a stop: the task died half way
     * through a function, so the driver's bookkeeping and the count were frozen mid-update. They are
     * shown, but no LEAK or OVER_PUT is derived from them.
     */
    final Set<String> frozenViolations = new LinkedHashSet<>();
    private boolean interrupted;
    final List<Op> ops = new ArrayList<>();
    private List<String> currentSteps = new ArrayList<>();
    private String currentLabel;
    private long currentStart;
    private int logMark;
    private int noteMark;
    private boolean inRace;

    ScenarioContext(Machine m, Design design) {
        this.m = m;
        this.design = design;
        m.addStepListener((mm, fn) -> {
            List<String> s = currentSteps;
            if (s != null && s.size() < 4000) s.add(inRace ? (char) ('A' + mm.currentCpu()) + ":" + fn : fn);
        });
    }

    @Override public Machine machine() {
        return m;
    }

    public Design design() {
        return design;
    }

    /** True when the design has an order parameter (every design but the pre-series baseline). */
    public boolean designHasOrders() {
        return Designs.hasOrders(design);
    }

    /** The step name of this design's free callback, for schedules: "->page_free" or "->folio_free". */
    public String freeCallbackStep() {
        return "->" + design.freeCallbackName();
    }

    // ---- drivers and pgmaps ------------------------------------------------------------------

    /** A DRM-buddy-like PRIVATE allocator over {@code pages} (a power of two). */
    public DrmBuddy buddy(int pages) {
        return buddy(MemoryType.MEMORY_DEVICE_PRIVATE, pages);
    }

    public DrmBuddy buddy(MemoryType type, int pages) {
        return op("drm-buddy: memremap_pages " + type + " " + pages + " pages", () -> add(new DrmBuddy(m, type, pages)));
    }

    /** A DRM-buddy allocator whose pgmap is named {@code pgmapName} (the explorer's search drives the same class). */
    public DrmBuddy buddy(String pgmapName, MemoryType type, int pages) {
        return op("drm-buddy: memremap_pages " + pgmapName + " " + type + " " + pages + " pages",
                () -> add(new DrmBuddy(m, pgmapName, type, pages, 0)));
    }

    /** A test_hmm-like dmirror with chunks of {@code chunkPages}. */
    public Dmirror dmirror(MemoryType type, int chunkPages) {
        return op("dmirror: device " + type, () -> add(new Dmirror(m, type, chunkPages)));
    }

    public Nouveau nouveau(MemoryType type) {
        return op("nouveau: device " + type, () -> add(new Nouveau(m, type)));
    }

    private <T extends DeviceDriver> T add(T d) {
        drivers.add(d);
        return d;
    }

    /**
     * A pgmap that no per-page driver owns (FS_DAX, GENERIC, PCI_P2PDMA), with {@code vmemmap_shift},
     * registered by its owner ({@link PageRefOwner}, the class the explorer's search uses too).
     */
    public DevPagemap pgmap(String name, MemoryType type, int pages, int vmemmapShift) {
        return op("memremap_pages " + name + " " + type, () -> {
            PageRefOwner owner = new PageRefOwner(m, name, type, pages, vmemmapShift, owners.size(), null, false);
            owners.add(owner);
            return owner.pgmap();
        });
    }

    /** The driver that handed out {@code page}, or null (a page of a pgmap no driver allocates from). */
    private DeviceDriver driverOf(Page page) {
        for (DeviceDriver d : drivers) if (d.pgmapOf(page) != null) return d;
        return null;
    }

    // ---- allocation, with the checks that make stale compound state visible ------------------

    /** Allocate the block at {@code offset} of {@code order} from a DRM-buddy driver; names the folio. */
    public Folio allocAt(String name, DrmBuddy b, int offset, int order) {
        return named(name, op(label("alloc", name, "order " + order + " at +" + offset),
                () -> checked(b.allocAt(offset, order), order)));
    }

    /** The lowest free block of {@code order}. */
    public Folio alloc(String name, DrmBuddy b, int order) {
        return named(name, op(label("alloc", name, "order " + order), () -> checked(b.alloc(order), order)));
    }

    /** An order-0 caller of the legacy entry zone_device_page_init(page) on the page at {@code offset}. */
    public Folio allocLegacy(String name, DrmBuddy b, int offset) {
        return named(name, op(label("alloc", name, "legacy order 0 at +" + offset),
                () -> checked(b.allocAt(offset, 0, true), 0)));
    }

    /** dmirror_devmem_alloc_page(is_large). */
    public Folio allocate(String name, Dmirror d, boolean large) {
        return named(name, op(label("alloc", name, large ? "order 9" : "order 0"), () -> checked(d.allocate(large), large ? 9 : 0)));
    }

    public Folio alloc(String name, Nouveau n, int order) {
        return named(name, op(label("alloc", name, "order " + order), () -> checked(n.alloc(order), order)));
    }

    private Folio named(String name, Folio f) {
        folios.put(name, f.page());
        return f;
    }

    private String label(String verb, String name, String what) {
        return (inRace ? (char) ('A' + m.currentCpu()) + ": " : "") + verb + " " + name + " " + what;
    }

    /** After zone_device_*_init(P, order) the caller relies on P being the head of a folio of that order. */
    private Folio checked(Folio f, int order) {
        Page p = f.page();
        Page head = m.compound_head(p);
        if (!head.equals(p))
            stale(String.format("pfn 0x%x was initialised but still resolves to head pfn 0x%x (stale compound_head):"
                    + " its lock, refcount and pgmap are the old folio's", p.pfn(), head.pfn()));
        else if (m.folio_test_large(f) && m.folio_order(f) != order)
            stale(String.format("pfn 0x%x asked for order %d but folio_order() says %d (stale PG_head / order byte)",
                    p.pfn(), order, m.folio_order(f)));
        else if (m.folio_test_large(f))
            for (int i = 1; i < (1 << order); i++)
                if (!m.compound_head(p.add(i)).equals(p)) {
                    stale(String.format("tail pfn 0x%x of the new order-%d folio at 0x%x resolves elsewhere", p.add(i).pfn(), order, p.pfn()));
                    break;
                }
        return f;
    }

    // ---- using and freeing named folios ------------------------------------------------------

    /** The head page the driver handed out under {@code name}. */
    public Page page(String name) {
        Page p = folios.get(name);
        if (p == null) throw new IllegalArgumentException("no folio named \"" + name + "\"; named: " + folios.keySet());
        return p;
    }

    /** The folio as the kernel sees it now: page_folio(page). */
    public Folio folio(String name) {
        return m.page_folio(page(name));
    }

    /** Drop the last reference: put_page(page), which frees the folio through the design's free path. */
    public void free(String name) {
        Page p = page(name);
        op(label("free", name, String.format("(put_page pfn 0x%x)", p.pfn())), () -> {
            DeviceDriver d = driverOf(p);
            if (d != null) d.put(p);
            else put_page(p);
            return null;
        });
        folios.remove(name);
    }

    /**
     * Data migrates into the folio: migrate_vma_insert_page() charges it to the task's memcg
     * (CONFIG_MEMCG) and maps it with folio_add_new_anon_rmap(), by one PMD ({@code pmd}) or by PTEs.
     */
    public void mapAnon(String name, boolean pmd) {
        op(label("map", name, pmd ? "by PMD" : "by PTEs"), () -> {
            DeviceDriver d = driverOf(page(name));
            if (d != null) d.map(page(name), pmd);
            else migrate_vma_insert_page(folio(name), pmd);
            return null;
        });
    }

    /** munmap() of {@code nr} pages from page {@code first} of the folio: PMD split to PTEs first if needed. */
    public void unmapPartial(String name, int first, int nr) {
        op(label("unmap", name, nr + " pages from +" + first), () -> {
            driverFor(name).unmap(page(name), first, nr);
            return null;
        });
    }

    /**
     * The life of migrated data in device memory, in short: mapped as anon (by PMD if large), then
     * unmapped again (the process exits or the data migrates back), so that the free that follows sees
     * an anon folio, as device-private folios are when the kernel frees them.
     */
    public void migrated(String name) {
        mapAnon(name, folio_test_large(folio(name)));
        unmapAll(name);
    }

    /** Split the PMD that maps the folio into PTEs, unmapping nothing (__split_huge_pmd()). */
    public void splitPmd(String name) {
        op(label("split PMD of", name, ""), () -> {
            driverFor(name).splitPmd(page(name));
            return null;
        });
    }

    /**
     * Move the folio's data back to system memory: a CPU fault on a device-private page
     * (do_swap_page() -> ->migrate_to_ram()), or the driver's own eviction of a COHERENT one. The folio
     * is freed when the last reference goes; it is no longer named.
     */
    public void migrateToRam(String name) {
        op(label("migrate to RAM", name, ""), () -> {
            driverFor(name).migrateToRam(page(name));
            return null;
        });
        folios.remove(name);
    }

    /** Unmap what is still mapped (the rest of a partial unmap, or the whole PMD). */
    public void unmapAll(String name) {
        op(label("unmap", name, "all"), () -> {
            driverFor(name).unmapAll(page(name));
            return null;
        });
    }

    /** split_folio_to_order(): the new folios are named name+"/"+i for i = 1 .. nr-1 (the head keeps name). */
    public void split(String name, int newOrder) {
        Page head = page(name);
        int old = m.folio_order(m.page_folio(head));
        op(label("split", name, "order " + old + " -> " + newOrder), () -> {
            int rc = driverFor(name).split(head, newOrder);
            if (rc != 0) throw new IllegalStateException("split_folio_to_order returned " + rc);
            return null;
        });
        for (int i = 1 << newOrder; i < (1 << old); i += 1 << newOrder) folios.put(name + "/" + i, head.add(i));
    }

    /** The driver that handed out the folio named {@code name}; mapping and splitting are driver actions. */
    private DeviceDriver driverFor(String name) {
        DeviceDriver d = driverOf(page(name));
        if (d == null) throw new IllegalArgumentException("\"" + name + "\" is not a folio a driver handed out; map, unmap and split need one");
        return d;
    }

    /** Free every folio still named (in naming order). */
    public void freeAll() {
        for (String n : new ArrayList<>(folios.keySet())) free(n);
    }

    /** Driver removal: memunmap_pages() on every pgmap, drivers' first. */
    public void teardown() {
        op("teardown: memunmap_pages", () -> {
            m.setComm(m.currentCpu(), "rmmod");
            for (DeviceDriver d : drivers) d.teardown();
            for (PageRefOwner o : owners) if (o.pgmap().state() == DevPagemap.State.LIVE) o.teardown();
            return null;
        });
    }

    /**
     * Runs one program per CPU, interleaved as {@code schedule} says (e.g. "A until ->folio_free returned;
     * B; A"). Each kernel primitive is a step, so the race replays identically every time.
     */
    public void race(String schedule, Runnable... cpus) {
        Schedule s = Schedule.parse(schedule);
        op("race [" + s + "]", () -> {
            inRace = true;
            try {
                m.runOnCpus(s, cpus);
            } finally {
                inRace = false;
            }
            return null;
        });
    }

    // ---- notes -------------------------------------------------------------------------------

    /** An observation that is not a failure (S6's "queued"/"skipped"), shown in the matrix. */
    public void observe(String text) {
        observations.add(text);
    }

    /** Kernel code acted on stale compound state: classifies the run as STALE. */
    public void stale(String what) {
        staleNotes.add(what);
    }

    /** Marks the scenario as not expressible by this design (NA). */
    public void notApplicable(String why) {
        throw new NotApplicable(design.name() + ": " + why);
    }

    // ---- recording ---------------------------------------------------------------------------

    private interface Body<T> {
        T run();
    }

    private <T> T op(String label, Body<T> body) {
        if (inRace) return body.run();
        begin(label);
        try {
            return body.run();
        } catch (lab.memremap.model.Oops | lab.memremap.model.ScenarioStopped e) {
            interrupted = true;
            throw e;
        } finally {
            end();
        }
    }

    private void begin(String label) {
        currentLabel = label;
        currentStart = m.clock();
        currentSteps = new ArrayList<>();
        logMark = m.log().size();
        noteMark = m.notes().size();
        m.setOperation(label);
    }

    /** Closes the current operation: records state, new log lines, invariant violations. */
    void end() {
        if (currentLabel == null) return;
        List<String> newLog = new ArrayList<>();
        var entries = m.log().entries();
        for (int i = logMark; i < entries.size(); i++) newLog.add(entries.get(i).kind() + " " + entries.get(i).firstLine());
        var notes = m.notes().entries();
        for (int i = noteMark; i < notes.size(); i++) newLog.add(ModelNotes.PREFIX + notes.get(i).kind() + " " + notes.get(i).firstLine());
        // The full check walks every struct page; after an allocation or a race (where compound state
        // changes hands) and at the end it runs in full, after other operations only its pgmap part.
        boolean full = currentLabel.contains("alloc") || currentLabel.startsWith("race") || currentLabel.startsWith("teardown");
        List<String> found = full ? m.checkInvariants() : refInvariants();
        violations.addAll(found);
        if (interrupted)
            for (String v : found) if (v.contains("ref count")) frozenViolations.add(v);
        interrupted = false;
        ops.add(new Op(ops.size(), currentLabel, currentStart, m.clock(), List.copyOf(currentSteps), m.snapshot().hash(),
                newLog, refs()));
        currentLabel = null;
        currentSteps = new ArrayList<>();
    }

    /** The pgmap part of Machine.checkInvariants(), in its words: count vs. initial + handed out (+ pre-taken). */
    private List<String> refInvariants() {
        List<String> out = new ArrayList<>();
        for (DevPagemap p : m.pgmaps()) {
            if (p.state() == DevPagemap.State.NEW || p.state() == DevPagemap.State.UNMAPPED) continue;
            long count = p.ref.count();
            if (count < 0) out.add(p.name + ": percpu_ref count " + count + " < 0");
            boolean perAlloc = p.type.countsPerAllocation();
            long expected = (p.ref.dead() ? 0 : 1) + (perAlloc ? p.handedOut() : p.ref.dead() ? 0 : p.preTakenRefs());
            if (count != expected) out.add(String.format("%s: ref count %d, expected %d", p.name, count, expected));
        }
        return out;
    }

    /** "name=count" for every pgmap, as a short string. */
    String refs() {
        StringBuilder sb = new StringBuilder();
        for (DevPagemap p : m.pgmaps()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(p.name).append('=').append(p.ref.count());
            if (p.state() != DevPagemap.State.LIVE) sb.append('(').append(p.state().name().toLowerCase()).append(')');
        }
        return sb.toString();
    }
}
