package lab.memremap.mutation;

import java.util.Map;

/**
 * The mutants judged equivalent, each with the argument: no driver the model has, conforming or
 * buggy, can tell them from mainline, and (where said) neither can a real one. Every other mutant
 * must be caught by the matrix or the explorer (MutationTest).
 */
final class Equivalent {
    private Equivalent() {}

    private static final String INDEPENDENT = "the two statements write different words (or only read), so either order"
            + " leaves the same struct pages; the new folio is not visible to any other CPU until the driver hands it out";

    static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("zone_device_page_init.DEL.1", "VM_WARN_ON_ONCE(order > MAX_ORDER_NR_PAGES) compares an order with a page"
                    + " count (1024); no order a pgmap can hold reaches 1025, so the check can never fire, in the model or the kernel"),
            Map.entry("zone_device_page_init.DEL.6", "share is fsdax-only and unions with index (\"unused for device private\","
                    + " mm/memremap.c:510); a device folio's index is written by folio_add_new_anon_rmap() when it is mapped and"
                    + " read by nothing before, and zone_device_page_init() is never called on FS_DAX pages"),
            Map.entry("zone_device_page_init.CONST.9", "as DEL.6: a 1 in share/index is overwritten at map time and read by nothing before"),
            Map.entry("zone_device_page_init.DEL.8", "VM_WARN_ON_FOLIO(!folio_is_zone_device(new_folio)) guards against a driver passing"
                    + " a RAM page; the model has only device memory (every pfn a pgmap owns is ZONE_DEVICE), so no driver can"),
            Map.entry("zone_device_page_init.SWAP.1", INDEPENDENT + " (page flags byte vs. this page's word 7)"),
            Map.entry("zone_device_page_init.SWAP.2", INDEPENDENT + " (word 7 vs. mapping, word 3)"),
            Map.entry("zone_device_page_init.SWAP.3", INDEPENDENT + " (mapping, word 3, vs. pgmap/compound_head, word 1)"),
            Map.entry("zone_device_page_init.SWAP.4", INDEPENDENT + " (word 1 vs. share, word 4)"),
            Map.entry("zone_device_page_init.SWAP.5", INDEPENDENT + " (share is written, the refcount only read)"),
            Map.entry("zone_device_page_init.SWAP.6", "two read-only checks of words the loop does not write between them; only the"
                    + " order of two splats could change, if both fired on the same page"),
            Map.entry("zone_device_page_init.SWAP.7", INDEPENDENT + " (the pgmap's percpu_ref vs. the head's refcount; the"
                    + " tryget's result, and its WARN, do not depend on the page)"),
            Map.entry("zone_device_page_init.SWAP.8", INDEPENDENT + " (refcount vs. PG_locked; lock_page() finds the page's own"
                    + " folio because the loop has already cleared compound_head)"),
            Map.entry("zone_device_page_init.SWAP.9", "lock_page() sets PG_locked on the head and prep_compound_page() sets PG_head"
                    + " there and builds the tails; page_folio(page) is the page itself before and after, so the same bits end set"),
            Map.entry("free_zone_device_folio.DEL.1", "folio->pgmap is NULL only for a page that was never a ZONE_DEVICE head: memmap"
                    + " init, every init and the split callback write it, and put_page() always frees through page_folio()"),
            Map.entry("free_zone_device_folio.SWAP.1", "differs only when folio->pgmap is NULL (mem_cgroup_uncharge() would run"
                    + " before the return), which cannot happen, as for DEL.1"));
}
