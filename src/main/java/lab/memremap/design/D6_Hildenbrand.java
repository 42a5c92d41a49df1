package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.Source;

/**
 * D6, David Hildenbrand's variant: D4 plus exactly what his mails change.
 * <ul>
 * <li>The bound compares orders with orders: {@code VM_WARN_ON_ONCE(order > MAX_FOLIO_ORDER)} "because we
 *     don't involve the buddy" (review of v3, 26 Aug 2025, &lt;54bfb6c0-eb35-4e53-ab45-04139623abb0@redhat.com&gt;).</li>
 * <li>The init takes the page and returns the folio: {@code struct folio *zone_device_folio_init(struct page
 *     *page, unsigned int order)} "looks cleaner, agreed" (24 Sep 2025, &lt;9c263334-…@redhat.com&gt;).</li>
 * <li>The callback gets the folio: "passing in the page (or better the folio) should work"
 *     (&lt;c7a2ad6e-…@redhat.com&gt;): {@code folio_free(folio)}.</li>
 * </ul>
 * Inferred (the mails do not say): the folio is the page cast, as page_rmappable_folio() does; the body is
 * otherwise D4's, {@code order > 1} included (order 1 was Alistair's point, not David's); the order-0
 * wrapper passes the page on, with no page_folio(); the free path is otherwise D4's.
 */
@Source(file = "mm/memremap.c", ref = "<9c263334-…@redhat.com>", note = "a review proposal, not posted code")
public class D6_Hildenbrand extends D4_V6 {

    @Override public String name() {
        return catalogueName(D6_Hildenbrand.class, "D6");
    }

    /** reviews of v3 and v6: the v6 tree (6.17-rc). */
    @Override public String baseKernel() {
        return "6.17";
    }

    @Override public String title() {
        return "David Hildenbrand's variant (reviews of v3 and v6)";
    }

    @Override public String source() {
        return "<9c263334-…@redhat.com>";
    }

    @Override public String freeCallbackName() {
        return "folio_free";
    }

    /** struct folio *zone_device_folio_init(struct page *page, unsigned int order). */
    @Source(file = "mm/memremap.c", ref = "<9c263334-…@redhat.com>")
    public Folio zone_device_folio_init(Page page, int order) {
        Folio folio = page.as_folio();   // inferred: the cast page_rmappable_folio() makes

        VM_WARN_ON_ONCE(order > machine().config.maxFolioOrder);   // MAX_FOLIO_ORDER, <54bfb6c0-…@redhat.com>

        // Drivers shouldn't be allocating pages after calling memunmap_pages().
        WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
        folio_set_count(folio, 1);
        lock_page(page);

        if (order > 1) {
            prep_compound_page(page, order);
            folio_set_large_rmappable(folio);
        }
        return folio;
    }

    /** D4's folio-taking entry, kept so that code written against D4 still runs: it hands the head page on. */
    @Source(file = "mm/memremap.c", ref = "<9c263334-…@redhat.com>", note = "inferred: keeps D4's signature working")
    @Override public void zone_device_folio_init(Folio folio, int order) {
        zone_device_folio_init(folio.page(), order);
    }

    /** Inferred order-0 wrapper: the page itself, no page_folio(). */
    @Source(file = "include/linux/memremap.h", ref = "<9c263334-…@redhat.com>", note = "inferred")
    @Override public void zone_device_page_init(Page page) {
        zone_device_folio_init(page, 0);
    }

    /** D4's free_zone_device_folio with folio_free(folio). */
    @Source(file = "mm/memremap.c", ref = "<c7a2ad6e-…@redhat.com>")
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
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null, "!pgmap->ops || !pgmap->ops->folio_free")) break;
                pgmap.ops.folio_free.call(folio);
                percpu_ref_put_many(folio.pgmap().ref, nr);
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null, "!pgmap->ops || !pgmap->ops->folio_free", "PCI_P2PDMA")) break;
                pgmap.ops.folio_free.call(folio);
            }
        }
    }

    @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
        return zone_device_folio_init(page, order);
    }

    @Override public Folio allocPage(Page page, DevPagemap pgmap) {
        zone_device_page_init(page);
        return page.as_folio();
    }
}
