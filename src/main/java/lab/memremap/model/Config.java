package lab.memremap.model;

/**
 * The kernel configuration a model instance runs under, pinned and shown: every kernel log and every
 * result table starts with {@link #banner()}. Immutable; use the {@code with*} methods to vary it.
 */
public final class Config {
    /** CONFIG_DEBUG_VM: when off, every VM_* check vanishes (and VM_BUG_ON continues silently). */
    public final boolean debugVm;
    /** MAX_FOLIO_ORDER: 22 on a typical x86_64 distribution kernel (SPARSEMEM_VMEMMAP + hugetlb). */
    public final int maxFolioOrder;
    /** NR_PAGES_IN_LARGE_FOLIO: _nr_pages stored in page[1] (64-bit with MEMCG). */
    public final boolean nrPagesInLargeFolio;
    /** CONFIG_MEMCG: folios migrated into device memory are charged, and freeing uncharges them. */
    public final boolean memcg;
    public final PgmapPlacement placement;
    /** Steps after percpu_ref_kill() until the switch to atomic mode completes (an RCU grace period). */
    public final int atomicSwitchSteps;
    /**
     * CONFIG_MM_ID (6.15+, selected by THP): prep_compound_head() sets page[1]'s _mm_id_mapcount[2] to -1
     * (word 4) and _mm_ids to 0 (word 5), mm/internal.h:880-884 of 7.2.13. Seen in the Linux 7.2 golden
     * traces (golden/linux-7.2/k1-reinit.trace).
     */
    public final boolean mmId;
    /**
     * CONFIG_DEBUG_VM_PGFLAGS (needs CONFIG_DEBUG_VM): the page-flag policy checks of
     * include/linux/page-flags.h become VM_BUG_ON_PAGE (include/linux/mmdebug.h, VM_BUG_ON_PGFLAGS).
     * Off by default, as on distribution kernels; the explorer turns it on, as kernel developers do.
     */
    public final boolean debugVmPgflags;
    /**
     * Not a kernel option: the granularity of the scheduling points in a race (see
     * {@link Machine#storeStep}). Off (the default): a store statement of a design's own code is a point the
     * first time it runs after the CPU's last kernel primitive, so a loop over a folio's pages is a point in
     * its first iteration and at its end. On: every store is a point, in every iteration (5 per page for
     * D8's re-initialisation); {@code SchedulingGranularityTest} shows both give the same outcomes.
     */
    public final boolean everyStoreAPoint;

    private Config(boolean debugVm, boolean memcg, int maxFolioOrder, boolean nrPagesInLargeFolio,
                   PgmapPlacement placement, int atomicSwitchSteps, boolean mmId) {
        this(debugVm, memcg, maxFolioOrder, nrPagesInLargeFolio, placement, atomicSwitchSteps, mmId, false, false);
    }

    private Config(boolean debugVm, boolean memcg, int maxFolioOrder, boolean nrPagesInLargeFolio,
                   PgmapPlacement placement, int atomicSwitchSteps, boolean mmId, boolean debugVmPgflags,
                   boolean everyStoreAPoint) {
        if (maxFolioOrder < Constants.MAX_PAGE_ORDER || maxFolioOrder > 30)
            throw new IllegalArgumentException("Config: MAX_FOLIO_ORDER " + maxFolioOrder
                    + " is not one the kernel defines (10, 15, 18 or 22 on x86_64)");
        if (atomicSwitchSteps < 0)
            throw new IllegalArgumentException("Config: atomicSwitchSteps " + atomicSwitchSteps + " < 0");
        this.debugVm = debugVm;
        this.memcg = memcg;
        this.maxFolioOrder = maxFolioOrder;
        this.nrPagesInLargeFolio = nrPagesInLargeFolio;
        this.placement = placement;
        this.atomicSwitchSteps = atomicSwitchSteps;
        this.mmId = mmId;
        this.debugVmPgflags = debugVmPgflags;
        this.everyStoreAPoint = everyStoreAPoint;
    }

    /**
     * CONFIG_DEBUG_VM=y, CONFIG_MEMCG=y (as Debian builds it), MAX_FOLIO_ORDER=22, _nr_pages stored, pgmap per
     * folio, atomic switch 1 step after kill, CONFIG_MM_ID=y.
     */
    public static Config defaults() {
        return new Config(true, true, 22, true, PgmapPlacement.PER_FOLIO, 1, true);
    }

    public Config withDebugVm(boolean on) {
        return new Config(on, memcg, maxFolioOrder, nrPagesInLargeFolio, placement, atomicSwitchSteps, mmId, debugVmPgflags, everyStoreAPoint);
    }

    /** CONFIG_MEMCG on or off (off: mem_cgroup_charge/uncharge are the empty stubs). */
    public Config withMemcg(boolean on) {
        return new Config(debugVm, on, maxFolioOrder, nrPagesInLargeFolio, placement, atomicSwitchSteps, mmId, debugVmPgflags, everyStoreAPoint);
    }

    public Config withMaxFolioOrder(int order) {
        return new Config(debugVm, memcg, order, nrPagesInLargeFolio, placement, atomicSwitchSteps, mmId, debugVmPgflags, everyStoreAPoint);
    }

    public Config withNrPagesInLargeFolio(boolean on) {
        return new Config(debugVm, memcg, maxFolioOrder, on, placement, atomicSwitchSteps, mmId, debugVmPgflags, everyStoreAPoint);
    }

    public Config withPlacement(PgmapPlacement p) {
        return new Config(debugVm, memcg, maxFolioOrder, nrPagesInLargeFolio, p, atomicSwitchSteps, mmId, debugVmPgflags, everyStoreAPoint);
    }

    public Config withAtomicSwitchSteps(int steps) {
        return new Config(debugVm, memcg, maxFolioOrder, nrPagesInLargeFolio, placement, steps, mmId, debugVmPgflags, everyStoreAPoint);
    }

    /** CONFIG_MM_ID on or off (off: kernels before 6.15, or without THP). */
    public Config withMmId(boolean on) {
        return new Config(debugVm, memcg, maxFolioOrder, nrPagesInLargeFolio, placement, atomicSwitchSteps, on, debugVmPgflags, everyStoreAPoint);
    }

    /** CONFIG_DEBUG_VM_PGFLAGS on or off (it acts only with CONFIG_DEBUG_VM=y, as in the kernel's Kconfig). */
    public Config withDebugVmPgflags(boolean on) {
        return new Config(debugVm, memcg, maxFolioOrder, nrPagesInLargeFolio, placement, atomicSwitchSteps, mmId, on, everyStoreAPoint);
    }

    /** Every store of a design's own code a scheduling point, in every loop iteration (see {@link #everyStoreAPoint}). */
    public Config withEveryStoreAPoint(boolean on) {
        return new Config(debugVm, memcg, maxFolioOrder, nrPagesInLargeFolio, placement, atomicSwitchSteps, mmId, debugVmPgflags, on);
    }

    /** True when the page-flag policy checks act: CONFIG_DEBUG_VM_PGFLAGS depends on CONFIG_DEBUG_VM. */
    public boolean pgflagsChecks() {
        return debugVm && debugVmPgflags;
    }

    public int maxFolioNrPages() {
        return 1 << maxFolioOrder;
    }

    /** One line naming every setting, for logs and tables. */
    public String banner() {
        return "config: CONFIG_DEBUG_VM=" + (debugVm ? "y" : "n")
                + " CONFIG_MEMCG=" + (memcg ? "y" : "n")
                + " MAX_FOLIO_ORDER=" + maxFolioOrder
                + " NR_PAGES_IN_LARGE_FOLIO=" + (nrPagesInLargeFolio ? "y" : "n")
                + " pgmap=" + (placement == PgmapPlacement.PER_FOLIO ? "per-folio(6.15+)" : "per-page(<6.15)")
                + " percpu_ref atomic switch=" + atomicSwitchSteps + " step(s) after kill"
                + " CONFIG_MM_ID=" + (mmId ? "y" : "n")
                // Shown only when on, so that the banner of the default configuration stays as it was.
                + (debugVmPgflags ? " CONFIG_DEBUG_VM_PGFLAGS=y" : "")
                + (everyStoreAPoint ? " scheduling=every-store" : "");
    }

    @Override public boolean equals(Object o) {
        return o instanceof Config c && c.banner().equals(banner());
    }

    @Override public int hashCode() {
        return banner().hashCode();
    }

    @Override public String toString() {
        return banner();
    }
}
