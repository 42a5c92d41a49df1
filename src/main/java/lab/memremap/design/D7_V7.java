package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D7, v7 (1 Oct 2025, &lt;20251001065707.920170-1-balbirs@nvidia.com&gt;) as merged for 6.19-rc1
 * (d245f9b4ab80 + 3a5a06554566): Zi Yan's inversion without his order-1 warning or
 * page_rmappable_folio, {@code if (order)} (Alistair Popple), page_free renamed to folio_free(folio).
 * Nothing cleans the compound state a freed large folio leaves behind (bug B7), and the free path still
 * warns on large non-anon folios (bug B6, FS-DAX) and re-reads folio->pgmap after the callback (B8).
 */
@Source(file = "mm/memremap.c", ref = "d245f9b4ab80")
public class D7_V7 extends Design {

    @Override public String name() {
        return catalogueName(D7_V7.class, "D7");
    }

    /** merged for 6.19-rc1. */
    @Override public String baseKernel() {
        return "6.19";
    }

    @Override public String title() {
        return "v7 = 6.19-rc1 (Dec 2025)";
    }

    @Override public String source() {
        return "d245f9b4ab80";
    }

    /** zone_device_page_init(page, order): refs, refcount and lock on the page, then the compound page. */
    @Source(file = "mm/memremap.c", ref = "d245f9b4ab80")
    public void zone_device_page_init(Page page, int order) {
        VM_WARN_ON_ONCE(order > MAX_ORDER_NR_PAGES);

        // Drivers shouldn't be allocating pages after calling memunmap_pages().
        WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
        set_page_count(page, 1);
        lock_page(page);   // through page_folio(): a stale compound_head redirects it

        if (order != 0) prep_compound_page(page, order);
    }

    /** zone_device_folio_init(folio, order): the inline wrapper of include/linux/memremap.h. */
    @Source(file = "include/linux/memremap.h", ref = "d245f9b4ab80")
    public void zone_device_folio_init(Folio folio, int order) {
        zone_device_page_init(folio.page(), order);
        if (order != 0) folio_set_large_rmappable(folio);
    }

    /** free_zone_device_folio(), 6.19-rc1: folio_free(folio), then nr refs through folio->pgmap (read again). */
    @Source(file = "mm/memremap.c", ref = "d245f9b4ab80", line = 431, warnLines = {"VM_WARN_ON_ONCE(folio_test_large(folio))=431"},
            note = "431 belongs to the VM_WARN_ON_ONCE(folio_test_large) of the 6.19-rc FS-DAX report only; the other checks'"
                    + " lines in 6.19 are not known to the model")
    @Override public void free_zone_device_folio(Folio folio) {
        DevPagemap pgmap = folio.pgmap();
        long nr = folio_nr_pages(folio);

        if (WARN_ON_ONCE(pgmap == null, "!pgmap")) return;

        mem_cgroup_uncharge(folio);

        if (folio_test_anon(folio)) {
            for (int i = 0; i < nr; i++) __ClearPageAnonExclusive(folio_page(folio, i));
        } else {
            VM_WARN_ON_ONCE(folio_test_large(folio), "folio_test_large(folio)");   // fires for FS-DAX PMD folios (bug B6)
        }

        // Stale anon bits in mapping would confuse later users of the page.
        if (pgmap.type != MEMORY_DEVICE_FS_DAX && pgmap.type != MEMORY_DEVICE_GENERIC)
            folio.set_mapping(Memmap.MAPPING_NULL);

        switch (pgmap.type) {
            case MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null, "!pgmap->ops || !pgmap->ops->folio_free")) break;
                pgmap.ops.folio_free.call(folio);
                percpu_ref_put_many(folio.pgmap().ref, nr);  // folio->pgmap after the driver got the folio back (B8)
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null, "!pgmap->ops || !pgmap->ops->folio_free", "PCI_P2PDMA")) break;
                pgmap.ops.folio_free.call(folio);
            }
        }
    }

    /** mm/rmap.c: device private folios do not support deferred splitting. */
    @Source(file = "mm/rmap.c", ref = "d245f9b4ab80")
    @Override public boolean shouldDeferSplit(Folio folio, boolean partially_mapped) {
        return partially_mapped && folio_test_anon(folio) && !folio_test_partially_mapped(folio)
                && !folio_is_device_private(folio);
    }

    /** test_hmm and nouveau of v7: zone_device_folio_init() on the page popped from the free list. */
    @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
        Folio folio = page.as_folio();
        zone_device_folio_init(folio, order);
        return folio;
    }

    /** All in-tree order-0 callers were converted to zone_device_page_init(page, 0). */
    @Override public Folio allocPage(Page page, DevPagemap pgmap) {
        zone_device_page_init(page, 0);
        return page.as_folio();
    }
}
