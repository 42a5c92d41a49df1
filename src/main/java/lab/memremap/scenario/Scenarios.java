package lab.memremap.scenario;

import static lab.memremap.model.MemoryType.*;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.driver.Dmirror;
import lab.memremap.driver.DrmBuddy;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Page;

/**
 * The scenarios of kernel-history.md §4 as small units, each a name, a one-line purpose and its steps.
 * Every scenario ends with driver removal (memunmap_pages), which is where leaked references show.
 * Pgmaps are kept small (2-8 MiB) except S11, which needs a 1 GiB folio.
 */
public final class Scenarios {
    private Scenarios() {}

    public static final Scenario S1 = Scenario.of("S1", "order-1 folio: init, free, driver removal", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no order parameter");
        DrmBuddy vram = ctx.buddy(1024);
        ctx.allocAt("a", vram, 0, 1);
        ctx.migrated("a");
        ctx.free("a");
        ctx.teardown();
    });

    public static final Scenario S2 = Scenario.of("S2", "order 11 (8 MiB): above MAX_PAGE_ORDER, below the order-vs-1024 bound", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no order parameter");
        DrmBuddy vram = ctx.buddy(2048);
        ctx.allocAt("a", vram, 0, 11);
        ctx.migrated("a");
        ctx.observe("order 11 passed `order > MAX_ORDER_NR_PAGES` (11 > 1024 is false)");
        ctx.free("a");
        ctx.teardown();
    });

    public static final Scenario S3 = Scenario.of("S3", "allocation after memunmap_pages() killed the ref, other pages still out (2 CPUs)", ctx -> {
        DrmBuddy vram = ctx.buddy(1024);
        ctx.allocAt("x", vram, 0, 0);
        // A: driver removal, blocks waiting for x. B: allocates after the kill, then frees both.
        ctx.race("A; B; A", ctx::teardown, () -> {
            ctx.allocAt("y", vram, 1, 0);
            ctx.free("x");
            ctx.free("y");
        });
        if (!ctx.machine().log().has(lab.memremap.model.KernelLog.Kind.WARN))
            ctx.observe("the allocation after the kill succeeded silently (tryget_many ignores DEAD); teardown waited for it");
    });

    public static final Scenario S3b = Scenario.of("S3b", "§5's S3': allocation after the release (count 0), before pageunmap_range (2 CPUs)", ctx -> {
        DrmBuddy vram = ctx.buddy(1024);
        ctx.race("A until pageunmap_range; B; A", ctx::teardown, () -> {
            ctx.allocAt("y", vram, 0, 0);
            ctx.free("y");
        });
    });

    public static final Scenario S4 = Scenario.of("S4", "free a 2 MiB anonymous device-private folio (PMD-mapped, exclusive)", ctx -> {
        DrmBuddy vram = ctx.buddy(512);
        if (ctx.designHasOrders()) {
            ctx.allocAt("a", vram, 0, 9);
        } else {
            // D0 cannot ask for an order: build the large folio by hand, as a driver carrying the series would.
            ctx.allocAt("a", vram, 0, 0);
            Page p = ctx.page("a");
            ctx.prep_compound_page(p, 9);
            ctx.folio_set_large_rmappable(p.as_folio());
            ctx.observe("D0 has no order: the folio was built by hand with prep_compound_page()");
        }
        ctx.mapAnon("a", true);
        ctx.unmapAll("a");
        ctx.free("a");
        ctx.teardown();
    });

    public static final Scenario S5 = Scenario.of("S5", "free a large non-anon ZONE_DEVICE folio (FS-DAX PMD)", ctx -> {
        DevPagemap pmem = ctx.pgmap("pmem0", MEMORY_DEVICE_FS_DAX, 1024, 9);
        Folio f = pmem.page(0).as_folio();
        ctx.set_page_count(f.page(), 1);   // the filesystem's reference on an idle DAX folio
        ctx.folio_put(f);
        ctx.teardown();
    });

    public static final Scenario S6 = Scenario.of("S6", "partial munmap of a PMD-mapped device-private folio: deferred split?", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no device-private large folios");
        Dmirror dev = ctx.dmirror(MEMORY_DEVICE_PRIVATE, 512);
        ctx.allocate("a", dev, true);
        ctx.mapAnon("a", true);
        ctx.unmapPartial("a", 0, 256);
        boolean queued = ctx.machine().deferredSplitQueue().split_queue_len() > 0;
        ctx.observe(queued ? "queued on the deferred split queue" : "skipped: not queued for deferred split");
        ctx.unmapAll("a");
        Page head = ctx.page("a");
        ctx.free("a");
        if (ctx.machine().deferredSplitQueue().headIndexes().contains(head.index()))
            ctx.stale("freed folio still on the deferred split queue");
        ctx.teardown();
    });

    public static final Scenario S7 = Scenario.of("S7", "order-0 init through the legacy entry on page[5] of a freed order-9 folio", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no large folios, so no stale tails");
        DrmBuddy vram = ctx.buddy(512);
        ctx.allocAt("h", vram, 0, 9);
        ctx.migrated("h");
        ctx.free("h");
        ctx.allocLegacy("x", vram, 5);
        ctx.migrated("x");   // the kernel maps page_folio(x)
        ctx.free("x");
        ctx.teardown();
    });

    public static final Scenario S8 = Scenario.of("S8", "free a 2 MiB COHERENT folio: are all 512 refs returned?", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no order parameter");
        Dmirror dev = ctx.dmirror(MEMORY_DEVICE_COHERENT, 512);
        ctx.allocate("a", dev, true);
        ctx.migrated("a");
        ctx.free("a");
        ctx.teardown();
    });

    public static final Scenario S9 = Scenario.of("S9", "re-init freed order-9 folios at other orders (DRM buddy): (d) 9 again, (b) 0 at P, (c) 4 at P+16, (a) 0 at P+1", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no order parameter");
        DrmBuddy vram = ctx.buddy(2048);
        ctx.allocAt("d", vram, 1536, 9);
        ctx.migrated("d");
        ctx.free("d");
        ctx.allocAt("d'", vram, 1536, 9);
        ctx.migrated("d'");
        ctx.free("d'");
        ctx.allocAt("b", vram, 512, 9);
        ctx.migrated("b");
        ctx.free("b");
        ctx.allocAt("b'", vram, 512, 0);
        ctx.migrated("b'");
        ctx.free("b'");
        ctx.allocAt("c", vram, 1024, 9);
        ctx.migrated("c");
        ctx.free("c");
        ctx.allocAt("c'", vram, 1024 + 16, 4);
        ctx.migrated("c'");
        ctx.free("c'");
        ctx.allocAt("a", vram, 0, 9);
        ctx.migrated("a");
        ctx.free("a");
        ctx.allocAt("a'", vram, 1, 0);
        ctx.migrated("a'");
        ctx.free("a'");
        ctx.teardown();
    });

    public static final Scenario S10 = Scenario.of("S10", "CPU B re-uses the folio right after CPU A's free callback returned (2 CPUs)", ctx -> {
        DrmBuddy vram = ctx.buddy(1024);
        boolean large = ctx.designHasOrders();
        ctx.allocAt("x", vram, 512, large ? 9 : 0);
        ctx.migrated("x");
        // B makes x's head a tail of an order-10 folio (or, for D0, re-allocates the page itself).
        ctx.race("A until " + ctx.freeCallbackStep() + " returned; B; A",
                () -> ctx.free("x"),
                () -> ctx.allocAt("y", vram, large ? 0 : 512, large ? 10 : 0));
        ctx.migrated("y");
        ctx.free("y");
        ctx.teardown();
    });

    public static final Scenario S11 = Scenario.of("S11", "an order-18 (1 GiB) folio spanning 8 memory sections", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no order parameter");
        DrmBuddy vram = ctx.buddy(1 << 18);
        ctx.allocAt("g", vram, 0, 18);
        ctx.migrated("g");
        Page last = ctx.page("g").add((1 << 18) - 1);
        DevPagemap seen = ctx.page_pgmap(last);
        ctx.observe(String.format("folio covers %d sections; page_pgmap(last tail) = %s", (1 << 18) / ctx.PAGES_PER_SECTION,
                seen == vram.pgmap() ? "the folio's pgmap" : String.valueOf(seen)));
        if (seen != vram.pgmap()) ctx.stale("a tail of the folio resolves to another pgmap");
        ctx.free("g");
        ctx.teardown();
    });

    public static final Scenario S12 = Scenario.of("S12", "the last folio is freed while memunmap_pages() waits (2 CPUs): put before or after the callback?", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no device-private large folios");
        Dmirror dev = ctx.dmirror(MEMORY_DEVICE_PRIVATE, 512);
        ctx.allocate("a", dev, true);
        ctx.migrated("a");
        // A: driver removal waits for a. B: frees a; B stops just before its callback and lets A run, and
        // again before a store to page->mapping after the callback (RFC/v1 and v2 clear it after their last
        // put, kernel-history.md Errata 6): if that put released the pgmap, A tears the memmap down first.
        ctx.race("A; B until " + ctx.freeCallbackStep() + "; A; B until store mapping; A; B", ctx::teardown, () -> ctx.free("a"));
    });

    public static final Scenario S13 = Scenario.of("S13", "the pgmap's ops are gone at free time (a driver bug)", ctx -> {
        DrmBuddy vram = ctx.buddy(512);
        ctx.allocAt("a", vram, 0, ctx.designHasOrders() ? 9 : 0);
        ctx.migrated("a");
        vram.pgmap().ops = null;
        ctx.observe("pgmap->ops cleared after memremap_pages (which would have refused NULL ops with -EINVAL)");
        ctx.free("a");
        ctx.teardown();
    });

    public static final Scenario S14 = Scenario.of("S14", "free per memory type: GENERIC, FS_DAX, P2PDMA, COHERENT; only the last counts per allocation", ctx -> {
        DevPagemap dax = ctx.pgmap("dax0", MEMORY_DEVICE_GENERIC, 512, 0);
        DevPagemap pmem = ctx.pgmap("pmem0", MEMORY_DEVICE_FS_DAX, 512, 0);
        DevPagemap p2p = ctx.pgmap("p2pmem0", MEMORY_DEVICE_PCI_P2PDMA, 512, 0);
        DrmBuddy vram = ctx.buddy(MEMORY_DEVICE_COHERENT, 512);
        ctx.folio_put(dax.page(0).as_folio());                  // idles at 1; the last user drops it
        ctx.set_page_count(pmem.page(0), 1);
        ctx.folio_put(pmem.page(0).as_folio());
        ctx.set_page_count(p2p.page(0), 1);
        ctx.folio_put(p2p.page(0).as_folio());
        ctx.allocAt("c", vram, 0, 0);
        ctx.free("c");
        List<String> refs = new ArrayList<>();
        for (DevPagemap p : List.of(dax, pmem, p2p, vram.pgmap())) refs.add(p.type + " ref=" + p.ref.count());
        ctx.observe(String.join(", ", refs) + " (pre-taken pfn_len for all but COHERENT)");
        ctx.teardown();
    });

    public static final Scenario S15 = Scenario.of("S15", "split a 2 MiB device-private folio to order 0 (folio_split callback), free the 512 pieces", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no device-private large folios");
        Dmirror dev = ctx.dmirror(MEMORY_DEVICE_PRIVATE, 512);
        ctx.allocate("a", dev, true);
        ctx.migrated("a");
        ctx.split("a", 0);
        ctx.freeAll();
        ctx.teardown();
    });

    /**
     * S16, a finding of the explorer (issue 12), decided from the 7.2.13 source; labelled [A] where it
     * is analysis. A large COHERENT folio is reachable in mainline: test_hmm's coherent device
     * (lib/test_hmm.c:583-590, HMM_DMIRROR_MEMORY_DEVICE_COHERENT) migrates with
     * MIGRATE_VMA_SELECT_COMPOUND (lib/test_hmm.c:1163) and dmirror_devmem_alloc_page() hands out
     * order-9 folios for either type (lib/test_hmm.c:686-729); migrate_vma_insert_huge_pmd_page()
     * charges the folio to the memcg and maps a COHERENT one with a present PMD
     * (mm/migrate_device.c:817, 841-847). A partial munmap splits the PMD and __folio_remove_rmap()
     * queues any partially mapped anon folio that is not device-private (mm/rmap.c:1872-1875).
     * free_zone_device_folio() never unqueues (mm/memremap.c:416-480). With memcg the kernel catches
     * it: mem_cgroup_uncharge() -> uncharge_folio() has WARN_ON_ONCE(folio_unqueue_deferred_split())
     * (mm/memcontrol.c:5316), which warns and unqueues (the cell is WARN; the explorer's report on D9 is
     * this WARN and nothing else). Migrating the folio back to RAM instead unqueues it quietly
     * (__folio_migrate_mapping(), mm/migrate.c:586-592). [A] Without a charge (memcg disabled, or a
     * folio that was never charged) nothing unqueues it: the driver gets the folio back while
     * page[2]'s _deferred_list still links it into the split queue. 6.12 has no large device folios.
     */
    public static final Scenario S16 = Scenario.of("S16", "partial munmap of a PMD-mapped COHERENT folio, then free: still on the deferred split queue?", ctx -> {
        if (!ctx.designHasOrders()) ctx.notApplicable("no large COHERENT folios");
        Dmirror dev = ctx.dmirror(MEMORY_DEVICE_COHERENT, 512);
        ctx.allocate("a", dev, true);
        ctx.mapAnon("a", true);
        ctx.unmapPartial("a", 0, 256);
        boolean queued = ctx.machine().deferredSplitQueue().split_queue_len() > 0;
        ctx.observe(queued ? "queued on the deferred split queue (only device-private folios are kept off it)"
                : "not queued for deferred split");
        ctx.unmapAll("a");
        Page head = ctx.page("a");
        ctx.free("a");
        if (ctx.machine().deferredSplitQueue().headIndexes().contains(head.index()))
            ctx.stale("[A] freed folio handed back to the driver still on the deferred split queue");
        ctx.teardown();
    });

    private static final List<Scenario> ALL = List.of(S1, S2, S3, S3b, S4, S5, S6, S7, S8, S9, S10, S11, S12, S13, S14, S15, S16);

    /** Every catalogue scenario, in §4's order (S3b is §5's S3'). */
    public static List<Scenario> all() {
        return ALL;
    }

    public static List<String> ids() {
        return ALL.stream().map(Scenario::id).toList();
    }

    /** The scenario called {@code id} (case-insensitive; "S3'" is S3b); the error lists the valid ids. */
    public static Scenario byId(String id) {
        String k = id.replace("'", "b");
        for (Scenario s : ALL) if (s.id().equalsIgnoreCase(k)) return s;
        throw new IllegalArgumentException("Scenarios.byId: no scenario \"" + id + "\"; valid: " + String.join(", ", ids()));
    }
}
