package lab.memremap.model;

/**
 * mm/memcontrol.c (CONFIG_MEMCG): as far as a ZONE_DEVICE folio meets it. A device-private folio is
 * charged when data migrates into it ({@link MigrateDevice#migrate_vma_insert_page}), and
 * free_zone_device_folio() uncharges it. Uncharging a folio that is still on the deferred split
 * queue warns: uncharge_folio() takes it off first, under WARN_ON_ONCE (kernel-history.md Errata 14).
 *
 * <p>{@code folio->memcg_data} is word 7 of the head page, the same word that page[1] of a large
 * folio uses as {@code _nr_pages}: a stale _nr_pages left in a page that becomes an order-0 folio
 * reads as a charge (which is why mainline's zone_device_page_init() clears it).
 */
@Source(file = "mm/memcontrol.c", ref = "v6.12",
        note = "uncharge_folio()'s WARN_ON_ONCE(folio_unqueue_deferred_split(folio)): mm/memcontrol.c:4716 in 6.12.117,"
                + " :5316 in 7.2.13; commit_charge()'s VM_BUG_ON_FOLIO(folio_memcg_charged(folio)): :2815 in 7.2.13")
public interface Memcontrol extends KernelContext {

    /** What the model writes into memcg_data when it charges: one obj_cgroup, the task's. */
    int OBJCG = 1;

    /** folio_memcg_charged(): folio->memcg_data != 0 (include/linux/memcontrol.h). */
    @Source(file = "include/linux/memcontrol.h", ref = "v6.19")
    default boolean folio_memcg_charged(Folio folio) {
        return folio.memcg_data() != 0;
    }

    /**
     * mem_cgroup_charge() -> charge_memcg() -> commit_charge(): VM_BUG_ON_FOLIO if the folio is already
     * charged, then memcg_data = the task's objcg. Returns 0 (the model's memcg has no limit).
     */
    @Source(file = "mm/memcontrol.c", ref = "v6.19", note = "commit_charge() at mm/memcontrol.c:2813 in 7.2.13")
    default int mem_cgroup_charge(Folio folio) {
        Machine m = machine();
        m.step("mem_cgroup_charge");
        if (!m.config.memcg) return 0;
        commit_charge(folio);
        return 0;
    }

    @Source(file = "mm/memcontrol.c", ref = "v6.19", warnLines = {
        "VM_BUG_ON_FOLIO(folio_memcg_charged(folio))@6.12=2395", "VM_BUG_ON_FOLIO(folio_memcg_charged(folio))@7.2=2815"})
    default void commit_charge(Folio folio) {
        Machine m = machine();
        m.VM_BUG_ON_FOLIO(folio_memcg_charged(folio), folio, "folio_memcg_charged(folio)");
        folio.set_memcg_data(OBJCG);
    }

    /**
     * mem_cgroup_uncharge(): nothing without CONFIG_MEMCG; otherwise __mem_cgroup_uncharge(), which
     * returns at once for a folio that was never charged.
     */
    @Source(file = "include/linux/memcontrol.h", ref = "v6.19")
    default void mem_cgroup_uncharge(Folio folio) {
        Machine m = machine();
        m.step("mem_cgroup_uncharge");
        if (!m.config.memcg) return;
        if (!folio_memcg_charged(folio)) return;
        uncharge_folio(folio);
    }

    /**
     * uncharge_folio(): VM_BUG_ON_FOLIO(folio_test_lru(folio)); for a non-kmem folio
     * WARN_ON_ONCE(folio_unqueue_deferred_split(folio)); then memcg_data = 0.
     */
    @Source(file = "mm/memcontrol.c", ref = "v6.12", warnLines = {
        "VM_BUG_ON_FOLIO(folio_test_lru(folio))@6.12=4669", "VM_BUG_ON_FOLIO(folio_test_lru(folio))@7.2=5282",
        "WARN_ON_ONCE(folio_unqueue_deferred_split(folio))@6.12=4716",
        "WARN_ON_ONCE(folio_unqueue_deferred_split(folio))@7.2=5316"})
    default void uncharge_folio(Folio folio) {
        Machine m = machine();
        m.VM_BUG_ON_FOLIO(m.folio_test_lru(folio), folio, "folio_test_lru(folio)");
        m.WARN_ON_ONCE(m.folio_unqueue_deferred_split(folio), "folio_unqueue_deferred_split(folio)");
        folio.set_memcg_data(0);
    }

    /**
     * mem_cgroup_migrate(old, new), the old folio's side (the new one is system memory, which the model
     * does not hold): the old folio must be locked; the charge moves to the new folio, the old one is
     * taken off the deferred split queue under WARN_ON_ONCE ("should never happen") and uncharged.
     */
    @Source(file = "mm/memcontrol.c", ref = "7.2.13", note = "mem_cgroup_migrate(), lines 5455-5500; called from folio_migrate_flags(), mm/migrate.c:854")
    default void mem_cgroup_migrate(Folio old) {
        Machine m = machine();
        m.step("mem_cgroup_migrate");
        m.VM_BUG_ON_FOLIO(!m.folio_test_locked(old), old, "!folio_test_locked(old)");
        if (!m.config.memcg || !folio_memcg_charged(old)) return;
        m.WARN_ON_ONCE(m.folio_unqueue_deferred_split(old));
        old.set_memcg_data(0);
    }
}
