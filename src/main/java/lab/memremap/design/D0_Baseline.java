package lab.memremap.design;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.model.DevPagemap;
import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.model.PgmapPlacement;
import lab.memremap.model.Source;

/**
 * D0, the baseline of v6.1 to v6.18: one page, one pgmap reference (Alistair Popple, 0dc45ca1ce18,
 * "mm/memremap.c: take a pgmap reference on page allocation"), no large device folios, and the free
 * path that refuses an anonymous compound page with VM_BUG_ON_FOLIO.
 *
 * <p>Runs under both pgmap placements (kernel-history.md §1.0): {@code new D0_Baseline()} is 6.15 to
 * 6.18 (folio->pgmap, 82ba975e4c43); {@code new D0_Baseline(PgmapPlacement.PER_PAGE)} is 6.1 to 6.14
 * (page->pgmap in every struct page). The matrix boots each with its own {@link #placement}.
 */
@Source(file = "mm/memremap.c", ref = "0dc45ca1ce18", note = "v6.18 text; folio->pgmap from 82ba975e4c43 (v6.15)")
public class D0_Baseline extends Design {
    /** Where this variant keeps the pgmap: per folio (6.15-6.18) or per page (6.1-6.14). */
    public final PgmapPlacement placement;

    public D0_Baseline() {
        this(PgmapPlacement.PER_FOLIO);
    }

    public D0_Baseline(PgmapPlacement placement) {
        this.placement = placement;
    }

    @Override public String name() {
        return catalogueName(D0_Baseline.class, placement == PgmapPlacement.PER_PAGE ? "D0-pre6.15" : "D0");
    }

    /** 6.18 for the folio->pgmap baseline, 6.14 for the per-page one. */
    @Override public String baseKernel() {
        return placement == PgmapPlacement.PER_PAGE ? "6.14" : "6.18";
    }

    @Override public String title() {
        return placement == PgmapPlacement.PER_PAGE ? "baseline v6.1-v6.14 (page->pgmap)" : "baseline v6.15-v6.18 (folio->pgmap)";
    }

    @Override public String source() {
        return "0dc45ca1ce18";
    }

    @Override public String freeCallbackName() {
        return "page_free";
    }

    /** zone_device_page_init(page): one live reference, refcount 1, locked. There is no order. */
    @Source(file = "mm/memremap.c", ref = "0dc45ca1ce18")
    public void zone_device_page_init(Page page) {
        // Drivers shouldn't be allocating pages after calling memunmap_pages(): tryget_live fails once DEAD.
        WARN_ON_ONCE(!percpu_ref_tryget_live(page_pgmap(page).ref));
        set_page_count(page, 1);
        lock_page(page);
    }

    /**
     * free_zone_device_folio(), v6.18: anonymous compound pages are not expected yet, so a large anon
     * folio is a VM_BUG; one page_free on page 0 and one pgmap reference back.
     */
    @Source(file = "mm/memremap.c", ref = "0dc45ca1ce18", note = "v6.18 text; v6.14 and before: freePre615")
    @Override public void free_zone_device_folio(Folio folio) {
        if (placement == PgmapPlacement.PER_PAGE) {
            freePre615(folio);
            return;
        }
        DevPagemap pgmap = folio.pgmap();

        if (WARN_ON_ONCE(pgmap == null, "!pgmap")) return;

        mem_cgroup_uncharge(folio);

        // Anonymous compound pages were not expected; once they are, every tail's PG_anon_exclusive needs clearing.
        if (folio_test_anon(folio)) {
            VM_BUG_ON_FOLIO(folio_test_large(folio), folio, "folio_test_large(folio)");
            __ClearPageAnonExclusive(folio_page(folio, 0));
        }

        // Stale anon bits in mapping would confuse later users of the page.
        if (pgmap.type != MEMORY_DEVICE_FS_DAX && pgmap.type != MEMORY_DEVICE_GENERIC)
            folio.set_mapping(Memmap.MAPPING_NULL);

        switch (pgmap.type) {
            case MEMORY_DEVICE_PRIVATE, MEMORY_DEVICE_COHERENT -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free")) break;
                pgmap.ops.page_free.call(folio_page(folio, 0));
                put_dev_pagemap(pgmap);
            }
            case MEMORY_DEVICE_GENERIC -> folio_set_count(folio, 1);  // these pages idle at refcount 1
            case MEMORY_DEVICE_FS_DAX -> wake_up_var(folio.page());
            case MEMORY_DEVICE_PCI_P2PDMA -> {
                if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.page_free == null, "!pgmap->ops || !pgmap->ops->page_free", "PCI_P2PDMA")) break;
                pgmap.ops.page_free.call(folio_page(folio, 0));
            }
        }
    }

    /**
     * free_zone_device_folio() up to 6.14 (6.12.117: mm/memremap.c:459-500): every type needs
     * page->pgmap->ops->page_free (WARN_ON_ONCE and return otherwise), every type's page_free is called,
     * mapping is cleared for every type, and types other than PRIVATE/COHERENT get their refcount reset
     * to 1 instead of a pgmap put. (FS_DAX pages normally never get here: put_page() catches 2 -> 1.)
     */
    private void freePre615(Folio folio) {
        DevPagemap pgmap = folio.pgmap();
        if (WARN_ON_ONCE(deref(pgmap, "folio->page.pgmap").ops == null || pgmap.ops.page_free == null,
                "!folio->page.pgmap->ops || !folio->page.pgmap->ops->page_free")) return;

        mem_cgroup_uncharge(folio);

        if (folio_test_anon(folio)) {
            VM_BUG_ON_FOLIO(folio_test_large(folio), folio, "folio_test_large(folio)");
            __ClearPageAnonExclusive(folio_page(folio, 0));
        }

        folio.set_mapping(Memmap.MAPPING_NULL);
        pgmap.ops.page_free(folio_page(folio, 0));

        if (pgmap.type != MEMORY_DEVICE_PRIVATE && pgmap.type != MEMORY_DEVICE_COHERENT)
            folio_set_count(folio, 1);   // ready to be handed out again
        else
            put_dev_pagemap(pgmap);
    }

    /** mm/rmap.c before v3: any partially mapped anon large folio is queued for deferred split. */
    @Source(file = "mm/rmap.c", ref = "v6.18")
    @Override public boolean shouldDeferSplit(Folio folio, boolean partially_mapped) {
        return partially_mapped && folio_test_anon(folio) && !folio_test_partially_mapped(folio);
    }

    /** Only order 0 exists: zone_device_page_init(page) has no order parameter. */
    @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
        if (order != 0)
            throw new NotApplicable(name() + ": zone_device_page_init(page) has no order; order " + order + " cannot be asked for");
        zone_device_page_init(page);
        return page.as_folio();
    }

    @Override public Folio allocPage(Page page, DevPagemap pgmap) {
        zone_device_page_init(page);
        return page.as_folio();
    }
}
