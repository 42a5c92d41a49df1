package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Source;

/**
 * D4, v6 (16 Sep 2025, &lt;20250916122128.2098535-2-balbirs@nvidia.com&gt;), the seed patch: the folio-level
 * zone_device_folio_init() does the work, an inline zone_device_page_init(page) wraps it through
 * page_folio(); PRIVATE falls through into COHERENT, which checks the ops, calls page_free(&folio->page)
 * and then puts nr refs through {@code &folio->pgmap->ref}. Still {@code order > 1} (bug B3) and the
 * order-vs-pages bound (bug B4). The init, the order-0 wrapper and the rmap decision are v3's,
 * unchanged (inherited from {@link D3_V3}); only free_zone_device_folio() is new in v6.
 *
 * <p>To try an idea, extend this class and override one method, e.g. zone_device_folio_init with
 * {@code if (order != 0)}.
 */
@Source(file = "mm/memremap.c", ref = "<20250916122128.2098535-2-balbirs@nvidia.com>")
public class D4_V6 extends D3_V3 {

    @Override public String name() {
        return catalogueName(D4_V6.class, "D4");
    }

    /** posted 16 Sep 2025 on mm-new during 6.17-rc. */
    @Override public String baseKernel() {
        return "6.17";
    }

    @Override public String title() {
        return "v6, the seed patch (Sep 2025)";
    }

    @Override public String source() {
        return "<20250916122128.2098535-2-balbirs@nvidia.com>";
    }

    /** free_zone_device_folio(), v6: callback first, then nr refs through folio->pgmap (read again). */
    @Source(file = "mm/memremap.c", ref = "<20250916122128.2098535-2-balbirs@nvidia.com>",
            warnLines = {"WARN_ON_ONCE(!pgmap)=422", "VM_WARN_ON_ONCE(folio_test_large(folio))=431",
                "WARN_ON_ONCE(!pgmap->ops || !pgmap->ops->page_free)=456"},
            note = "lines from the seed's hunks (@@ -416,20 +416,19 @@, @@ -456,8 +455,8 @@); the P2PDMA check is outside them")
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
            case MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free")) break;
                pgmap.ops.page_free.call(folio.page());
                percpu_ref_put_many(folio.pgmap().ref, nr);  // folio->pgmap after the driver got the folio back
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free", "PCI_P2PDMA")) break;
                pgmap.ops.page_free.call(folio_page(folio, 0));
            }
        }
    }
}
