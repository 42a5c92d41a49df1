package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Source;

/**
 * D9, mainline of April 2026 (snapshot 85be0a262e39): D8 (v7's inverted init, d245f9b4ab80, plus the
 * 6.19 reinitialisation hotfix, &lt;20260116111325.1736137-2-francois.dugast@intel.com&gt;) plus "do not
 * touch device folio after calling ->folio_free()" (Matthew Brost,
 * &lt;20260410230346.4009855-1-matthew.brost@intel.com&gt;, 85be0a262e39): the free path is the only change.
 */
@Source(file = "mm/memremap.c", ref = "85be0a262e39")
public class D9_Mainline extends D8_Reinit {

    @Override public String name() {
        return catalogueName(D9_Mainline.class, "D9");
    }

    /** mainline 85be0a262e39 (April 2026), after 6.19; printed as 7.0. */
    @Override public String baseKernel() {
        return "7.0";
    }

    @Override public String title() {
        return "mainline, April 2026";
    }

    @Override public String source() {
        return "85be0a262e39";
    }

    /**
     * free_zone_device_folio(): pgmap is read once, at entry; after ->folio_free() the driver owns the
     * folio (and may already have handed it out again), so it is not touched any more.
     */
    @Source(file = "mm/memremap.c", ref = "<20260410230346.4009855-1-matthew.brost@intel.com>",
            warnLines = {"WARN_ON_ONCE(!pgmap)=422", "WARN_ON_ONCE(!pgmap->ops || !pgmap->ops->folio_free)=455",
                "WARN_ON_ONCE(!pgmap->ops || !pgmap->ops->folio_free)[PCI_P2PDMA]=474"},
            note = "lines of 85be0a262e39 (gregkh/linux), the same as 7.2.13's")
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
                percpu_ref_put_many(pgmap.ref, nr);
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);  // these pages idle at refcount 1
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null, "!pgmap->ops || !pgmap->ops->folio_free", "PCI_P2PDMA")) break;
                pgmap.ops.folio_free.call(folio);
            }
        }
    }
}
