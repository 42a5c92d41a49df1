package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D2, v2 (30 Jul 2025, &lt;20250730092139.3890844-2-balbirs@nvidia.com&gt;): renamed to
 * zone_device_folio_init(), VM_BUG_ON became VM_WARN_ON_ONCE, the anon/else shape of the free path
 * (David Hildenbrand's RFC review), and the last PRIVATE/COHERENT ref is put through
 * {@code &folio->pgmap->ref} after the callback. Still {0, PMD} orders only, still {@code order > 1}.
 */
@Source(file = "mm/memremap.c", ref = "<20250730092139.3890844-2-balbirs@nvidia.com>")
public class D2_V2 extends Design {

    @Override public String name() {
        return catalogueName(D2_V2.class, "D2");
    }

    /** posted 30 Jul 2025 on mm-new, just after v6.16. */
    @Override public String baseKernel() {
        return "6.16";
    }

    @Override public String title() {
        return "v2 (Jul 2025)";
    }

    @Override public String source() {
        return "<20250730092139.3890844-2-balbirs@nvidia.com>";
    }

    @Override public String freeCallbackName() {
        return "page_free";
    }

    /** zone_device_folio_init(folio, order): as the RFC's, with a VM_WARN for the (unit-mismatched) bound. */
    @Source(file = "mm/memremap.c", ref = "<20250730092139.3890844-2-balbirs@nvidia.com>")
    public void zone_device_folio_init(Folio folio, int order) {
        Page page = folio_page(folio, 0);

        VM_WARN_ON_ONCE(order > MAX_ORDER_NR_PAGES);

        // Only PMD level migration is supported for THP migration.
        WARN_ON_ONCE(order != 0 && order != HPAGE_PMD_ORDER);

        // Drivers shouldn't be allocating pages after calling memunmap_pages().
        WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
        folio_set_count(folio, 1);
        lock_page(page);

        if (order > 1) {
            prep_compound_page(page, order);
            folio_set_large_rmappable(folio);
        }
    }

    /** include/linux/memremap.h: the order-0 wrapper, through page_folio(). */
    @Source(file = "include/linux/memremap.h", ref = "<20250730092139.3890844-2-balbirs@nvidia.com>")
    public void zone_device_page_init(Page page) {
        Folio folio = page_folio(page);

        zone_device_folio_init(folio, 0);
    }

    /**
     * free_zone_device_folio(), v2: PRIVATE puts nr - 1 before page_free (no ops check) and the last one
     * after it, re-reading folio->pgmap; COHERENT puts one ref, also after the callback.
     */
    @Source(file = "mm/memremap.c", ref = "<20250730092139.3890844-2-balbirs@nvidia.com>")
    @Override public void free_zone_device_folio(Folio folio) {
        DevPagemap pgmap = folio.pgmap();
        long nr = folio_nr_pages(folio);

        if (WARN_ON_ONCE(pgmap == null, "!pgmap")) return;

        mem_cgroup_uncharge(folio);

        if (folio_test_anon(folio)) {
            for (int i = 0; i < nr; i++) __ClearPageAnonExclusive(folio_page(folio, i));
        } else {
            VM_WARN_ON_ONCE(folio_test_large(folio), "folio_test_large(folio)");
        }

        // Stale anon bits in mapping would confuse later users of the page.
        if (pgmap.type != MEMORY_DEVICE_FS_DAX && pgmap.type != MEMORY_DEVICE_GENERIC)
            folio.set_mapping(Memmap.MAPPING_NULL);

        switch (pgmap.type) {
            case MEMORY_DEVICE_PRIVATE -> {
                if (folio_test_large(folio)) {
                    folio_unqueue_deferred_split(folio);

                    percpu_ref_put_many(folio.pgmap().ref, nr - 1);
                }
                deref(pgmap.ops, "pgmap->ops").page_free(folio.page());  // no NULL check in this version
                percpu_ref_put(folio.pgmap().ref);        // folio->pgmap read after the driver got the folio back
                folio.page().set_mapping(Memmap.MAPPING_NULL);
            }
            case MEMORY_DEVICE_COHERENT -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free")) break;
                pgmap.ops.page_free.call(folio.page());
                percpu_ref_put(folio.pgmap().ref);        // one ref, whatever the order (bug B1)
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free", "PCI_P2PDMA")) break;
                pgmap.ops.page_free.call(folio_page(folio, 0));
            }
        }
    }

    /** mm/rmap.c, unchanged by v2: device-private folios are still queued for deferred split. */
    @Source(file = "mm/rmap.c", ref = "v6.18")
    @Override public boolean shouldDeferSplit(Folio folio, boolean partially_mapped) {
        return partially_mapped && folio_test_anon(folio) && !folio_test_partially_mapped(folio);
    }

    @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
        Folio folio = page.as_folio();
        zone_device_folio_init(folio, order);
        return folio;
    }

    @Override public Folio allocPage(Page page, DevPagemap pgmap) {
        zone_device_page_init(page);
        return page.as_folio();
    }
}
