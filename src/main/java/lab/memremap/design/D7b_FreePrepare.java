package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D7b, the rejected free-time cleanup (drm_pagemap THP v4, 11 Jan 2026, patches 1/7 "mm/zone_device: Add
 * order argument to folio_free callback" and 2/7 "mm/zone_device: Add free_zone_device_folio_prepare()
 * helper", &lt;20260111205820.830410-3-francois.dugast@intel.com&gt;, Suggested-by Alistair Popple): D7 plus
 * a helper that undoes prep_compound_page() before the callback, and folio_free(folio, order).
 * Matthew Wilcox, 12 Jan 2026: "This really feels like the wrong way to fix this problem."
 * Inferred: the order handed to folio_free is read at entry (the helper resets it before the call).
 */
@Source(file = "mm/memremap.c", ref = "<20260111205820.830410-3-francois.dugast@intel.com>", note = "rejected; never merged")
public class D7b_FreePrepare extends D7_V7 {

    @Override public String name() {
        return catalogueName(D7b_FreePrepare.class, "D7b");
    }

    /** posted Jan 2026 on 6.19-rc. */
    @Override public String baseKernel() {
        return "6.19";
    }

    @Override public String title() {
        return "v7 + free-time prepare (rejected, Jan 2026)";
    }

    @Override public String source() {
        return "<20260111205820.830410-3-francois.dugast@intel.com>";
    }

    /**
     * free_zone_device_folio_prepare(folio): clear mapping; for a large folio reset the order and make
     * every page a standalone ZONE_DEVICE page again (no PG_head, no compound_head, pgmap restored).
     */
    @Source(file = "mm/memremap.c", ref = "<20260111205820.830410-3-francois.dugast@intel.com>")
    public void free_zone_device_folio_prepare(Folio folio) {
        DevPagemap pgmap = page_pgmap(folio.page());

        VM_WARN_ON_FOLIO(!folio_is_zone_device(folio), folio, "!folio_is_zone_device(folio)");

        folio.set_mapping(Memmap.MAPPING_NULL);
        int order = folio_order(folio);
        if (order == 0) return;

        folio_reset_order(folio);

        for (int i = 0; i < (1 << order); i++) {
            Page page = folio_page(folio, i);
            Folio new_folio = page.as_folio();

            ClearPageHead(page);
            clear_compound_head(page);

            new_folio.set_mapping(Memmap.MAPPING_NULL);
            new_folio.set_pgmap(pgmap);   // prep_compound_page() overwrote it with compound_head
            new_folio.set_share(0);       // fsdax only, unused for device private
            VM_WARN_ON_FOLIO(folio_ref_count(new_folio) != 0, new_folio, "folio_ref_count(new_folio)");
            VM_WARN_ON_FOLIO(!folio_is_zone_device(new_folio), new_folio, "!folio_is_zone_device(new_folio)");
        }
    }

    /** D7's free path with the prepare helper before folio_free(folio, order). */
    @Source(file = "mm/memremap.c", ref = "<20260111205820.830410-3-francois.dugast@intel.com>")
    @Override public void free_zone_device_folio(Folio folio) {
        DevPagemap pgmap = folio.pgmap();
        long nr = folio_nr_pages(folio);
        int order = folio_order(folio);

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
            case MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null, "!pgmap->ops || !pgmap->ops->folio_free")) break;
                free_zone_device_folio_prepare(folio);
                pgmap.ops.folio_free.call(folio, order);
                percpu_ref_put_many(folio.pgmap().ref, nr);
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null, "!pgmap->ops || !pgmap->ops->folio_free", "PCI_P2PDMA")) break;
                pgmap.ops.folio_free.call(folio, order);
            }
        }
    }
}
