package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D3, v3 to v5 (12 Aug - 8 Sep 2025, &lt;20250812024036.690064-2-balbirs@nvidia.com&gt;; patch 01 unchanged in
 * v4 and v5): the THP-size check is gone and device-private folios skip deferred split. The PRIVATE free
 * path puts all nr refs before page_free and has no ops check (bug B2); COHERENT still puts one (bug B1,
 * Chris Mason &lt;20250918122813.1440093-1-clm@meta.com&gt;).
 */
@Source(file = "mm/memremap.c", ref = "<20250812024036.690064-2-balbirs@nvidia.com>")
public class D3_V3 extends Design {

    @Override public String name() {
        return catalogueName(D3_V3.class, "D3");
    }

    /** v3-v5 (Aug-Sep 2025) on mm-new during 6.17-rc. */
    @Override public String baseKernel() {
        return "6.17";
    }

    @Override public String title() {
        return "v3-v5 (Aug-Sep 2025)";
    }

    @Override public String source() {
        return "<20250812024036.690064-2-balbirs@nvidia.com>";
    }

    @Override public String freeCallbackName() {
        return "page_free";
    }

    /** zone_device_folio_init(folio, order): any order up to the (unit-mismatched) bound. */
    @Source(file = "mm/memremap.c", ref = "<20250812024036.690064-2-balbirs@nvidia.com>")
    public void zone_device_folio_init(Folio folio, int order) {
        Page page = folio_page(folio, 0);

        // An order compared with a page count (1024): David Hildenbrand, <54bfb6c0-eb35-4e53-ab45-04139623abb0@redhat.com>.
        VM_WARN_ON_ONCE(order > MAX_ORDER_NR_PAGES);

        // Drivers shouldn't be allocating pages after calling memunmap_pages().
        WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
        folio_set_count(folio, 1);
        lock_page(page);

        // Order 1 takes two refs but stays a single page: Alistair Popple, "Why only order > 1 rather than order > 0?"
        if (order > 1) {
            prep_compound_page(page, order);
            folio_set_large_rmappable(folio);
        }
    }

    /** include/linux/memremap.h: the order-0 wrapper resolves page_folio(page) first (Zi Yan asked for a check in v6). */
    @Source(file = "include/linux/memremap.h", ref = "<20250812024036.690064-2-balbirs@nvidia.com>")
    public void zone_device_page_init(Page page) {
        Folio folio = page_folio(page);

        zone_device_folio_init(folio, 0);
    }

    /** free_zone_device_folio(), v3-v5: PRIVATE puts before the callback; COHERENT puts one ref after it. */
    @Source(file = "mm/memremap.c", ref = "<20250812024036.690064-2-balbirs@nvidia.com>")
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
                // The last refs may go here: memunmap_pages() can tear the pgmap down before page_free runs.
                percpu_ref_put_many(folio.pgmap().ref, nr);
                deref(pgmap.ops, "pgmap->ops").page_free(folio.page());  // no NULL check in this version
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

    /** mm/rmap.c from v3: device private folios do not support deferred splitting. */
    @Source(file = "mm/rmap.c", ref = "<20250812024036.690064-2-balbirs@nvidia.com>")
    @Override public boolean shouldDeferSplit(Folio folio, boolean partially_mapped) {
        return partially_mapped && folio_test_anon(folio) && !folio_test_partially_mapped(folio)
                && !folio_is_device_private(folio);
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
