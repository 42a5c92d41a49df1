package lab.memremap.matrix;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D4_V6;
import lab.memremap.design.D8_Reinit;
import lab.memremap.design.Designs;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Folio;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Test;

class DiffAndUserDesignTest {

    @Test
    void diffFindsTheFirstDifferentPrimitive() {
        DesignDiff d = DesignDiff.of(Scenarios.S10, Designs.byName("D8"), Designs.byName("D9"));
        assertFalse(d.same());
        var op = d.left().ops().get(d.firstDifferentOp());
        assertTrue(op.label().startsWith("race"), op.label());
        assertEquals("A:folio->pgmap", op.steps().get(d.firstDifferentStep()), "D8 re-reads folio->pgmap; D9 does not");
        assertEquals("A:percpu_ref_put_many", d.right().ops().get(d.firstDifferentOp()).steps().get(d.firstDifferentStep()));
        assertTrue(d.toText().contains("*"));
    }

    @Test
    void identicalDesignsHaveNoDifference() {
        D4_V6 renamed = new D4_V6() {
            @Override public String name() {
                return "D4-copy";
            }
        };
        assertTrue(DesignDiff.of(Scenarios.S1, Designs.byName("D4"), renamed).same());
    }

    /** D4 with Alistair's `if (order)`: through the same matrix, S1 stops leaking. */
    @Test
    void userDesignRunsThroughTheMatrix() {
        D4_V6 mine = new D4_V6() {
            @Override public String name() {
                return "D4+if(order)";
            }

            @Override public void zone_device_folio_init(Folio folio, int order) {
                Page page = folio_page(folio, 0);
                VM_WARN_ON_ONCE(order > MAX_ORDER_NR_PAGES);
                WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
                folio_set_count(folio, 1);
                lock_page(page);
                if (order != 0) {
                    prep_compound_page(page, order);
                    folio_set_large_rmappable(folio);
                }
            }
        };
        MatrixResult r = Matrix.of(Designs.byName("D4"), mine).scenarios(Scenarios.S1, Scenarios.S8).run();
        assertEquals(java.util.EnumSet.of(Outcome.LEAK), r.outcomes("S1", "D4"));
        assertEquals(java.util.EnumSet.of(Outcome.OK), r.outcomes("S1", "D4+if(order)"));
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(Designs.byName("D4"), Designs.byName("D4")));
    }

    /**
     * Brost's intermediate state (15 Jan 2026): compound_head repaired but the order byte not cleared.
     * A former page[1] keeps order 9 = PG_locked|PG_uptodate, and "we get stuck on the next page lock":
     * the §5 "hang" of S9, which belongs to this variant, not to D7.
     */
    @Test
    void reinitWithoutClearingTheFlagsByteHangsOnTheNextLock() {
        D8_Reinit partial = new D8_Reinit() {
            @Override public String name() {
                return "D8-no-flags-clear";
            }

            @Override public void zone_device_page_init(Page page, DevPagemap pgmap, int order) {
                for (int i = 0; i < (1 << order); i++) {
                    Folio f = page.add(i).as_folio();
                    f.set_mapping(Memmap.MAPPING_NULL);
                    f.set_pgmap(pgmap);   // repairs compound_head, but the low flags byte stays
                }
                WARN_ON_ONCE(!percpu_ref_tryget_many(page_pgmap(page).ref, 1 << order));
                set_page_count(page, 1);
                lock_page(page);
                if (order != 0) prep_compound_page(page, order);
            }
        };
        MatrixResult r = Matrix.of(partial).scenarios(List.of(Scenarios.S9)).run();
        assertTrue(r.outcomes("S9", "D8-no-flags-clear").contains(Outcome.HANG), r.get("S9", "D8-no-flags-clear").toText());
        assertTrue(r.get("S9", "D8-no-flags-clear").log().dmesg().contains("__folio_lock"));
    }

    @Test
    void progressReportsEveryCellOnce() {
        List<Matrix.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Matrix.of(Designs.byName("D7"), Designs.byName("D9")).scenarios(Scenarios.S1, Scenarios.S2).onProgress(seen::add).run();
        assertEquals(4, seen.size());
        assertEquals(List.of(1, 2, 3, 4), seen.stream().map(Matrix.Progress::done).sorted().toList());
    }
}
