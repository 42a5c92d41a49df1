package lab.memremap.model;

/**
 * mm/migrate_device.c (and mm/migrate.c) as far as they touch a device folio. Into device memory:
 * migrate_vma_insert_page() (and its PMD form for a large folio) charges the destination folio to the
 * task's memcg, then maps it as a new exclusive anon folio. Back to system memory: the collect step isolates it and turns its mappings into migration entries, the copy
 * takes it off the deferred split queue and copies its flags, the finalize step drops the isolation
 * reference (the last one: the folio is freed). The destination is system memory, which the model
 * does not have, so only the source folio's side is modelled.
 *
 * <p>References follow the kernel's: a PMD mapping holds one (the driver's reference from
 * zone_device_folio_init(), which the page table inherits), each PTE one (split_huge_pmd() adds the
 * others), and unmapping a PTE drops its own.
 */
@Source(file = "mm/migrate_device.c", ref = "7.2.13",
        note = "mem_cgroup_charge() at mm/migrate_device.c:1021 (migrate_vma_insert_page) and :817"
                + " (migrate_vma_insert_huge_pmd_page) in 7.2.13; :606 in 6.12.117")
public interface MigrateDevice extends KernelContext {

    /** migrate_vma_insert_page() at an address the model does not know: the folio's index stays as it is. */
    @Source(file = "mm/migrate_device.c", ref = "7.2.13", note = "lines 817-868 (PMD) and 1021-1077 (PTE)")
    default int migrate_vma_insert_page(Folio folio, boolean pmd) {
        return migrate_vma_insert_page(folio, pmd, -1);
    }

    /**
     * migrate_vma_insert_page() (and migrate_vma_insert_huge_pmd_page()): mem_cgroup_charge(),
     * __folio_mark_uptodate(), then folio_add_new_anon_rmap(RMAP_EXCLUSIVE), whose __folio_set_anon()
     * sets folio->index to the page index of the address ({@code index}; -1: not modelled).
     */
    @Source(file = "mm/migrate_device.c", ref = "7.2.13", note = "lines 817-868 (PMD) and 1021-1077 (PTE)")
    default int migrate_vma_insert_page(Folio folio, boolean pmd, long index) {
        Machine m = machine();
        if (m.mem_cgroup_charge(folio) != 0) return -Memremap.EINVAL;
        m.__folio_mark_uptodate(folio);
        // A large folio mapped by PTEs (which migrate_vma_insert_page() never does in 7.2, but the model
        // allows) holds a reference per PTE, as do_anonymous_page() adds them (mm/memory.c, folio_ref_add).
        if (!pmd && m.folio_test_large(folio)) m.folio_ref_add(folio, (int) m.folio_nr_pages(folio) - 1);
        m.folio_add_new_anon_rmap(folio, true, pmd);
        if (index >= 0) folio.page().set_share(index);   // folio->index, word 4 of the head
        return 0;
    }

    /**
     * migrate_vma_collect_pmd() on the mapped pages of one device folio: take a reference, lock the
     * folio unless it is the faulting one (whose lock do_swap_page() holds), and for each mapped page
     * clear PG_anon_exclusive (folio_try_share_anon_rmap_pte(), the entry becomes a readable-exclusive
     * migration entry), remove the rmap and drop the PTE's reference. A PMD mapping is split
     * first (the collect walks PTEs when the destination is not a large folio). Returns false, with
     * nothing changed, when the lock is taken by someone else (migration is best effort).
     */
    @Source(file = "mm/migrate_device.c", ref = "7.2.13", note = "migrate_vma_collect_pmd(), lines 385-466")
    default boolean migrate_vma_collect_folio(Folio folio, Folio fault_folio, Page first, int nr, boolean pmd) {
        Machine m = machine();
        m.step("migrate_vma_collect_pmd");
        m.folio_get(folio);
        boolean isFault = fault_folio != null && fault_folio.index() == folio.index();
        if (!isFault && !m.folio_trylock(folio)) {
            m.folio_put(folio);
            return false;
        }
        if (pmd) m.split_huge_pmd(folio);
        for (int i = 0; i < nr; i++) {
            Page page = first.add(i);
            if (m.folio_test_anon(folio) && m.PageAnonExclusive(page)) m.folio_try_share_anon_rmap_pte(folio, page);
        }
        // Per page: folio_remove_rmap_pte() and folio_put() of the PTE's reference (lines 450-460).
        m.folio_remove_rmap_ptes(folio, first, nr);
        m.folio_put_refs(folio, nr);
        return true;
    }

    /** folio_try_share_anon_rmap_pte(): the page is no longer exclusive to one process (a device folio is never pinned). */
    @Source(file = "include/linux/rmap.h", ref = "7.2.13")
    default boolean folio_try_share_anon_rmap_pte(Folio folio, Page page) {
        machine().step("folio_try_share_anon_rmap_pte");
        machine().ClearPageAnonExclusive(page);
        return false;
    }

    /**
     * __folio_migrate_mapping() for an anon folio (no mapping): a large rmappable folio is frozen at
     * the expected count and taken off the deferred split queue ("while frozen and memcg set").
     * Returns 0, or -EAGAIN when someone else holds a reference.
     */
    @Source(file = "mm/migrate.c", ref = "7.2.13", note = "lines 584-592")
    default int __folio_migrate_mapping(Folio folio, int expected_count) {
        Machine m = machine();
        m.step("__folio_migrate_mapping");
        if (m.folio_test_large(folio) && m.folio_test_large_rmappable(folio)) {
            if (!m.folio_ref_freeze(folio, expected_count)) return -Memremap.EAGAIN;
            m.folio_unqueue_deferred_split(folio);
            m.folio_ref_unfreeze(folio, expected_count);
        }
        return 0;
    }

    /**
     * folio_migrate_flags(newfolio, folio): the flags are copied to the system folio, which the model
     * does not hold; on the device folio's side what matters is its last call, mem_cgroup_migrate(),
     * which moves the charge away (mm/migrate.c:854).
     */
    @Source(file = "mm/migrate.c", ref = "7.2.13")
    default void folio_migrate_flags(Folio folio) {
        machine().step("folio_migrate_flags");
        machine().mem_cgroup_migrate(folio);
    }

    /**
     * migrate_vma_finalize() for one source folio: remove_migration_ptes() points the entries at the
     * new folio, the source is unlocked unless it is the faulting one, and the collect step's reference
     * is dropped: the device folio's last, so __folio_put() frees it.
     */
    @Source(file = "mm/migrate_device.c", ref = "7.2.13", note = "migrate_device_finalize(), lines 1285-1320")
    default void migrate_vma_finalize_folio(Folio folio, Folio fault_folio) {
        Machine m = machine();
        m.step("migrate_vma_finalize");
        if (fault_folio == null || fault_folio.index() != folio.index()) m.folio_unlock(folio);
        m.folio_put(folio);
    }
}
