package lab.memremap.model;

/**
 * mm/migrate_device.c: where data migrated into device memory lands. migrate_vma_insert_page() (and
 * its PMD form for a large folio) charges the destination folio to the task's memcg, then maps it
 * as a new exclusive anon folio.
 */
@Source(file = "mm/migrate_device.c", ref = "v6.19",
        note = "mem_cgroup_charge() at mm/migrate_device.c:1021 (migrate_vma_insert_page) and :817"
                + " (migrate_vma_insert_huge_pmd_page) in 7.2.13; :606 in 6.12.117")
public interface MigrateDevice extends KernelContext {

    /** migrate_vma_insert_page(): mem_cgroup_charge(), then folio_add_new_anon_rmap(RMAP_EXCLUSIVE). */
    @Source(file = "mm/migrate_device.c", ref = "v6.19")
    default int migrate_vma_insert_page(Folio folio, boolean pmd) {
        Machine m = machine();
        if (m.mem_cgroup_charge(folio) != 0) return -Memremap.EINVAL;
        m.folio_add_new_anon_rmap(folio, true, pmd);
        return 0;
    }
}
