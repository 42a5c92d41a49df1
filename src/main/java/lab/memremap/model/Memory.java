package lab.memremap.model;

/**
 * mm/memory.c: the CPU faulting on a device-private entry. Only the device-private branch of
 * do_swap_page() is modelled: the driver's migrate_to_ram() moves the folio back to system memory.
 */
@Source(file = "mm/memory.c", ref = "v6.19")
public interface Memory extends KernelContext {

    /**
     * do_swap_page() on a device-private swap entry: if the page can be locked, take a reference,
     * call pgmap->ops->migrate_to_ram(), unlock and drop the reference (which frees the device folio
     * when the driver's migration has dropped the mapping's reference). Returns the callback's
     * vm_fault_t, or 0 when the page was locked by someone else (the fault is retried).
     */
    @Source(file = "mm/memory.c", ref = "v6.19")
    default int do_swap_page(Page page) {
        Machine m = machine();
        m.step("do_swap_page");
        if (!m.trylock_page(page)) return 0;
        m.get_page(page);
        DevPagemap pgmap = m.page_pgmap(page);
        if (pgmap.ops == null || pgmap.ops.migrate_to_ram == null)
            throw new IllegalStateException("do_swap_page: " + pgmap.name + " has no migrate_to_ram (memremap_pages refuses that)");
        m.step("->migrate_to_ram");
        int ret = pgmap.ops.migrate_to_ram.migrate_to_ram(m.page_folio(page));
        m.unlock_page(page);
        m.put_page(page);
        return ret;
    }

    /** pfn_to_section_nr() (include/linux/mmzone.h): the 128 MiB memory section of a pfn. */
    @Source(file = "include/linux/mmzone.h", ref = "v6.19")
    default long pfn_to_section_nr(long pfn) {
        return pfn >>> Constants.PFN_SECTION_SHIFT;
    }
}
