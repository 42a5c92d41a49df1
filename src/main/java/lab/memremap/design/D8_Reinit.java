package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D8, 6.19 final: v7 (d245f9b4ab80) plus "mm/zone_device: Reinitialize large zone device private folios"
 * (Matthew Brost, &lt;20260116111325.1736137-2-francois.dugast@intel.com&gt;, 2e833046d66a in linux-next,
 * acked by Vlastimil Babka "as a hotfix for 6.19"): the init takes the pgmap and wipes every page of the
 * range first; plus "mm/memremap: fix spurious large folio warning for FS-DAX" (John Groves, 19 Dec 2025,
 * Fixes d245f9b4ab80). The free path still re-reads folio->pgmap after folio_free (bug B8).
 */
@Source(file = "mm/memremap.c", ref = "<20260116111325.1736137-2-francois.dugast@intel.com>")
public class D8_Reinit extends Design {

    @Override public String name() {
        return catalogueName(D8_Reinit.class, "D8");
    }

    /** the 6.19 hotfix (Jan 2026). */
    @Override public String baseKernel() {
        return "6.19";
    }

    @Override public String title() {
        return "6.19 final (reinit hotfix, Jan 2026)";
    }

    @Override public String source() {
        return "<20260116111325.1736137-2-francois.dugast@intel.com>";
    }

    /**
     * zone_device_page_init(page, pgmap, order): first wipe whatever an earlier folio left in every
     * page of the range, then take 1 << order pgmap refs, set the refcount, lock, build the compound page.
     */
    @Source(file = "mm/memremap.c", ref = "<20260116111325.1736137-2-francois.dugast@intel.com>")
    public void zone_device_page_init(Page page, DevPagemap pgmap, int order) {
        VM_WARN_ON_ONCE(order > MAX_ORDER_NR_PAGES);

        for (int i = 0; i < (1 << order); i++) {
            Page new_page = page.add(i);
            Folio new_folio = new_page.as_folio();

            new_page.set_flags(new_page.flags() & ~0xff);   // clear a stale order byte and PG_head
            if (machine().config.nrPagesInLargeFolio)
                new_page.sub(1).as_folio().set__nr_pages(0); // this page's word 7, if it was page[1]
            new_folio.set_mapping(Memmap.MAPPING_NULL);
            new_folio.set_pgmap(pgmap);                       // also clears a compound_head
            new_folio.set_share(0);
            VM_WARN_ON_FOLIO(folio_ref_count(new_folio) != 0, new_folio, "folio_ref_count(new_folio)");
            VM_WARN_ON_FOLIO(!folio_is_zone_device(new_folio), new_folio, "!folio_is_zone_device(new_folio)");
        }

        // Drivers shouldn't be allocating pages after calling memunmap_pages().
        WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
        set_page_count(page, 1);
        lock_page(page);

        if (order != 0) prep_compound_page(page, order);
    }

    /** zone_device_folio_init(folio, pgmap, order): the inline wrapper of include/linux/memremap.h. */
    @Source(file = "include/linux/memremap.h", ref = "<20260116111325.1736137-2-francois.dugast@intel.com>")
    public void zone_device_folio_init(Folio folio, DevPagemap pgmap, int order) {
        zone_device_page_init(folio.page(), pgmap, order);
        if (order != 0) folio_set_large_rmappable(folio);
    }

    /** free_zone_device_folio(), 6.19: v7's without the large-folio warning, still re-reading folio->pgmap. */
    @Source(file = "mm/memremap.c", ref = "d245f9b4ab80", note = "+ FS-DAX warning removed (John Groves, 19 Dec 2025)")
    @Override public void free_zone_device_folio(Folio folio) {
        DevPagemap pgmap = folio.pgmap();
        long nr = folio_nr_pages(folio);

        if (WARN_ON_ONCE(pgmap == null, "!pgmap")) return;

        mem_cgroup_uncharge(folio);

        if (folio_test_anon(folio)) {
            for (int i = 0; i < nr; i++) __ClearPageAnonExclusive(folio_page(folio, i));
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
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);  // these pages idle at refcount 1
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

    /** Drivers pass the page itself (cast to a folio) and its pgmap: test_hmm, nouveau, drm_pagemap. */
    @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
        Folio folio = page.as_folio();
        zone_device_folio_init(folio, pgmap, order);
        return folio;
    }

    /** Order-0 callers (kvmppc, amdkfd) call zone_device_page_init(page, pgmap, 0). */
    @Override public Folio allocPage(Page page, DevPagemap pgmap) {
        zone_device_page_init(page, pgmap, 0);
        return page.as_folio();
    }
}
