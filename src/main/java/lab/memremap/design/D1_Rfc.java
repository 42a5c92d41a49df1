package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D1, the RFC (6 Mar 2025, &lt;20250306044239.3874247-2-balbirs@nvidia.com&gt;) and v1 (3 Jul 2025, patch 01
 * identical): a new init_zone_device_folio(folio, order) that takes one pgmap reference per base page,
 * accepts only order 0 or PMD order quietly, builds a compound page only for order &gt; 1, and an
 * inline zone_device_page_init(page) wrapper that goes through page_folio(). The PRIVATE free path puts
 * nr - 1 refs before page_free and the last one after it, with no ops check, and clears page->mapping
 * after the callback; deferred split still applies to device-private folios.
 */
@Source(file = "mm/memremap.c", ref = "<20250306044239.3874247-2-balbirs@nvidia.com>")
public class D1_Rfc extends Design {

    @Override public String name() {
        return catalogueName(D1_Rfc.class, "D1");
    }

    /** v1 (Jul 2025) was posted on mm-new during 6.16-rc; the RFC on 6.14-rc. */
    @Override public String baseKernel() {
        return "6.16";
    }

    @Override public String title() {
        return "RFC / v1 (Mar-Jul 2025)";
    }

    @Override public String source() {
        return "<20250306044239.3874247-2-balbirs@nvidia.com>";
    }

    @Override public String freeCallbackName() {
        return "page_free";
    }

    /** init_zone_device_folio(folio, order): the folio-level function does the work. */
    @Source(file = "mm/memremap.c", ref = "<20250306044239.3874247-2-balbirs@nvidia.com>")
    public void init_zone_device_folio(Folio folio, int order) {
        Page page = folio_page(folio, 0);

        // Compares an order with a page count (1024): fires only above order 1024 (bug B4).
        VM_BUG_ON(order > MAX_ORDER_NR_PAGES);

        WARN_ON_ONCE(order != 0 && order != HPAGE_PMD_ORDER);

        // Drivers shouldn't be allocating pages after calling memunmap_pages().
        WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
        folio_set_count(folio, 1);
        lock_page(page);

        // Only PMD level migration is supported for THP migration; order 1 stays a single page (bug B3).
        if (order > 1) {
            prep_compound_page(page, order);
            folio_set_large_rmappable(folio);
        }
    }

    /** include/linux/memremap.h: the order-0 wrapper, through page_folio() (bug B5 on a stale tail). */
    @Source(file = "include/linux/memremap.h", ref = "<20250306044239.3874247-2-balbirs@nvidia.com>")
    public void zone_device_page_init(Page page) {
        Folio folio = page_folio(page);

        init_zone_device_folio(folio, 0);
    }

    /**
     * free_zone_device_folio(), RFC/v1: PRIVATE unqueues deferred split and puts nr - 1 refs before
     * page_free (no ops check), then put_dev_pagemap() for the last one and page->mapping = NULL after it.
     */
    @Source(file = "mm/memremap.c", ref = "<20250306044239.3874247-2-balbirs@nvidia.com>")
    @Override public void free_zone_device_folio(Folio folio) {
        DevPagemap pgmap = folio.pgmap();
        long nr = folio_nr_pages(folio);
        boolean anon = folio_test_anon(folio);
        Page page = folio_page(folio, 0);

        if (WARN_ON_ONCE(pgmap == null, "!pgmap")) return;

        mem_cgroup_uncharge(folio);

        WARN_ON_ONCE(folio_test_large(folio) && !anon);

        for (int i = 0; i < nr; i++) {
            if (anon) __ClearPageAnonExclusive(folio_page(folio, i));
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
                deref(pgmap.ops, "pgmap->ops").page_free(page);     // no NULL check in this version
                put_dev_pagemap(pgmap);
                page.set_mapping(Memmap.MAPPING_NULL); // after the callback: the driver owns the page now
            }
            case MEMORY_DEVICE_COHERENT -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free")) break;
                pgmap.ops.page_free.call(page);
                put_dev_pagemap(pgmap);             // one ref, whatever the order (bug B1)
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free", "PCI_P2PDMA")) break;
                pgmap.ops.page_free.call(folio_page(folio, 0));
            }
        }
    }

    /** mm/rmap.c, unchanged by RFC/v1: device-private folios are queued for deferred split too. */
    @Source(file = "mm/rmap.c", ref = "v6.18")
    @Override public boolean shouldDeferSplit(Folio folio, boolean partially_mapped) {
        return partially_mapped && folio_test_anon(folio) && !folio_test_partially_mapped(folio);
    }

    /** test_hmm of the RFC: init_zone_device_folio(folio, order) on the page it popped from its free list. */
    @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
        Folio folio = page.as_folio();
        init_zone_device_folio(folio, order);
        return folio;
    }

    /** Order-0 drivers keep calling zone_device_page_init(page). */
    @Override public Folio allocPage(Page page, DevPagemap pgmap) {
        zone_device_page_init(page);
        return page.as_folio();
    }
}
