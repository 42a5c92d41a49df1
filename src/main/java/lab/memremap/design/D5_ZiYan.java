package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D5, Zi Yan's inversion, proposed in review of v6 (17-18 Sep 2025, &lt;882D81FA-…@nvidia.com&gt;, in the seed
 * thread): D4 plus exactly what that mail changes.
 * <ul>
 * <li>zone_device_page_init(page, order) does the work, in the mail's order: bound check, tryget_many,
 *     {@code VM_WARN_ON_ONCE(order == 1)}, {@code if (order > 1) prep_compound_page}, then set_page_count
 *     and lock_page on what is now the head. Note the mail keeps {@code order > 1}: an order-1 request
 *     warns and still takes two refs for a single page.</li>
 * <li>zone_device_folio_init(folio, order) wraps it and finishes with page_rmappable_folio(page).</li>
 * <li>page_free is told the order: {@code page_free(page, order)}.</li>
 * </ul>
 * Inferred (the mail does not say): existing order-0 callers are converted to
 * zone_device_page_init(page, 0) (Zi, 19 Sep: "You just need to change call site to add 0"), so the
 * page_folio() wrapper, and the VM_WARN_ON_ONCE_FOLIO Zi first suggested for it, are gone; the order
 * passed to page_free is folio_order(folio) read at entry, next to nr; the rest of free is D4's.
 */
@Source(file = "mm/memremap.c", ref = "<882D81FA-…@nvidia.com>", note = "a review proposal, not posted code")
public class D5_ZiYan extends D4_V6 {

    @Override public String name() {
        return catalogueName(D5_ZiYan.class, "D5");
    }

    /** a review of v6: the v6 tree (6.17-rc). */
    @Override public String baseKernel() {
        return "6.17";
    }

    @Override public String title() {
        return "Zi Yan's inversion (review of v6)";
    }

    @Override public String source() {
        return "<882D81FA-…@nvidia.com>";
    }

    /** zone_device_page_init(page, order): the page-level function does the real initialisation. */
    @Source(file = "mm/memremap.c", ref = "<882D81FA-…@nvidia.com>")
    public void zone_device_page_init(Page page, int order) {
        VM_WARN_ON_ONCE(order > MAX_ORDER_NR_PAGES);

        // Drivers shouldn't be allocating pages after calling memunmap_pages().
        WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));

        // Anonymous folios do not support order 1; high-order file-backed folios are not supported at all.
        VM_WARN_ON_ONCE(order == 1);

        if (order > 1) prep_compound_page(page, order);

        // The page has to be a compound head here.
        set_page_count(page, 1);
        lock_page(page);
    }

    /** zone_device_folio_init(folio, order): the page-level init, then mark it rmappable. */
    @Source(file = "mm/memremap.c", ref = "<882D81FA-…@nvidia.com>")
    @Override public void zone_device_folio_init(Folio folio, int order) {
        Page page = folio_page(folio, 0);

        zone_device_page_init(page, order);
        page_rmappable_folio(page);
    }

    /** Inferred: order-0 callers now call zone_device_page_init(page, 0); there is no page_folio() wrapper. */
    @Source(file = "mm/memremap.c", ref = "<882D81FA-…@nvidia.com>", note = "inferred from Zi's 19 Sep reply")
    @Override public void zone_device_page_init(Page page) {
        zone_device_page_init(page, 0);
    }

    /** D4's free_zone_device_folio with page_free(page, order). */
    @Source(file = "mm/memremap.c", ref = "<882D81FA-…@nvidia.com>", note = "order read at entry: inferred")
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
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free")) break;
                pgmap.ops.page_free.call(folio.page(), order);  // told the order, like free_frozen_pages()
                percpu_ref_put_many(folio.pgmap().ref, nr);
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free", "PCI_P2PDMA")) break;
                pgmap.ops.page_free.call(folio_page(folio, 0), order);
            }
        }
    }

    @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
        Folio folio = page.as_folio();
        zone_device_folio_init(folio, order);
        return folio;
    }

    @Override public Folio allocPage(Page page, DevPagemap pgmap) {
        zone_device_page_init(page, 0);
        return page.as_folio();
    }
}
