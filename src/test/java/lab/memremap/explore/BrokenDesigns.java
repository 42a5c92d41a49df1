package lab.memremap.explore;

import static lab.memremap.model.MemoryType.*;

import lab.memremap.design.D9_Mainline;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;

/**
 * Small designs for the explorer's own tests, each D9 with one thing broken the way a historic
 * version had it — what a user does in a notebook cell. They stand in for the catalogue designs
 * where a test must not depend on them.
 */
final class BrokenDesigns {
    private BrokenDesigns() {}

    /** B3: order-1 requests take two refs but build no compound page (if (order > 1)). */
    static class OrderOneLeak extends D9_Mainline {
        @Override public String name() {
            return "D9-order>1";
        }

        @Override public void zone_device_page_init(Page page, DevPagemap pgmap, int order) {
            for (int i = 0; i < (1 << order); i++) {
                Page p = page.add(i);
                p.set_flags(p.flags() & ~0xff);
                if (machine().config.nrPagesInLargeFolio) p.sub(1).as_folio().set__nr_pages(0);
                p.as_folio().set_mapping(Memmap.MAPPING_NULL);
                p.as_folio().set_pgmap(pgmap);
                p.as_folio().set_share(0);
            }
            WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
            set_page_count(page, 1);
            lock_page(page);
            if (order > 1) prep_compound_page(page, order);
        }

        @Override public void zone_device_folio_init(Folio folio, DevPagemap pgmap, int order) {
            zone_device_page_init(folio.page(), pgmap, order);
            if (order > 1) folio_set_large_rmappable(folio);
        }
    }

    /** B7: no clean-up of what an earlier folio left in the pages (6.19-rc1). */
    static class NoReinit extends D9_Mainline {
        @Override public String name() {
            return "D9-noreinit";
        }

        @Override public void zone_device_page_init(Page page, DevPagemap pgmap, int order) {
            WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
            set_page_count(page, 1);
            lock_page(page);
            if (order != 0) prep_compound_page(page, order);
        }
    }

    /** B2: the refs are dropped before the driver's callback runs. */
    static class PutBeforeCallback extends D9_Mainline {
        @Override public String name() {
            return "D9-put-first";
        }

        @Override public void free_zone_device_folio(Folio folio) {
            DevPagemap pgmap = folio.pgmap();
            long nr = folio_nr_pages(folio);
            mem_cgroup_uncharge(folio);
            if (folio_test_anon(folio)) for (int i = 0; i < nr; i++) __ClearPageAnonExclusive(folio_page(folio, i));
            folio.set_mapping(Memmap.MAPPING_NULL);
            percpu_ref_put_many(pgmap.ref, nr);
            pgmap.ops.folio_free.call(folio);
        }
    }

    /** B8: folio->pgmap is read again after ->folio_free() handed the folio back. */
    static class PgmapAfterCallback extends D9_Mainline {
        @Override public String name() {
            return "D9-reread";
        }

        @Override public void free_zone_device_folio(Folio folio) {
            DevPagemap pgmap = folio.pgmap();
            long nr = folio_nr_pages(folio);
            mem_cgroup_uncharge(folio);
            if (folio_test_anon(folio)) for (int i = 0; i < nr; i++) __ClearPageAnonExclusive(folio_page(folio, i));
            folio.set_mapping(Memmap.MAPPING_NULL);
            if (WARN_ON_ONCE(pgmap.ops == null || pgmap.ops.folio_free == null)) return;
            pgmap.ops.folio_free.call(folio);
            percpu_ref_put_many(folio.pgmap().ref, nr);
        }
    }

    /** B1: COHERENT folios give back one ref, whatever their size. */
    static class CoherentPutsOne extends D9_Mainline {
        @Override public String name() {
            return "D9-coherent-put-1";
        }

        @Override public void free_zone_device_folio(Folio folio) {
            DevPagemap pgmap = folio.pgmap();
            long nr = folio_nr_pages(folio);
            mem_cgroup_uncharge(folio);
            if (folio_test_anon(folio)) for (int i = 0; i < nr; i++) __ClearPageAnonExclusive(folio_page(folio, i));
            folio.set_mapping(Memmap.MAPPING_NULL);
            pgmap.ops.folio_free.call(folio);
            percpu_ref_put_many(pgmap.ref, pgmap.type == MEMORY_DEVICE_COHERENT ? 1 : nr);
        }
    }

    /** B5: the order-0 entry point initialises page_folio(page), and nothing cleans stale tails. */
    static class LegacyWrapper extends NoReinit {
        @Override public String name() {
            return "D9-wrapper";
        }

        @Override public Folio allocPage(Page page, DevPagemap pgmap) {
            Folio folio = page_folio(page);
            zone_device_page_init(folio.page(), pgmap, 0);
            return folio;
        }

        @Override public Folio allocFolio(Page page, DevPagemap pgmap, int order) {
            Folio folio = page.as_folio();
            zone_device_page_init(page, pgmap, order);
            // the folio entry point of this version also cleans the head's compound state
            return folio;
        }
    }
}
