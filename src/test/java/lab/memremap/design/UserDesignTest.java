package lab.memremap.design;

import static lab.memremap.model.PageFlagBits.PG_head;
import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.Page;
import org.junit.jupiter.api.Test;

/** A user's design is a subclass overriding one kernel-named method; it runs through the same entry points. */
class UserDesignTest {

    /** D4 with Alistair Popple's `if (order)` instead of `if (order > 1)`. */
    static Design d4WithIfOrder() {
        return new D4_V6() {
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
    }

    @Test
    void overridingOneMethodFixesTheOrderOneLeak() {
        Rig stock = new Rig(new D4_V6());
        Rig mine = new Rig(d4WithIfOrder());
        for (Rig r : new Rig[] {stock, mine}) {
            Folio f = r.m.zoneDeviceInit(r.page(0), r.pgmap, 1);
            r.m.unlock_page(r.page(0));
            r.m.folio_put(f);
        }
        assertEquals(2, stock.ref(), "v6: order 1 takes 2 refs, frees 1");
        assertEquals(1, mine.ref(), "the user's variant is balanced");
        assertTrue(mine.page(0).test_bit(PG_head), "and builds an order-1 compound page");
        // the inherited free path (page_free callback) is still v6's
        assertEquals(1L, mine.m.trace().countsPerFunction().get("->page_free"));
    }

    @Test
    void unknownDesignNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Designs.byName("D42"));
        assertTrue(e.getMessage().contains("D42") && e.getMessage().contains("D7b") && e.getMessage().contains("D0-pre6.15"),
                e.getMessage());
    }

    /** The README's example: a subclass that does not override name() is named after its class. */
    static class Mine extends D4_V6 { }

    @Test
    void aSubclassIsNamedAfterItsClassUnlessItSaysOtherwise() {
        assertEquals("D4", new D4_V6().name());
        assertEquals("Mine", new Mine().name());
        assertEquals("D4+if(order)", d4WithIfOrder().name());
        assertEquals("D4 (anonymous subclass)", new D4_V6() { }.name());
        assertEquals("D6", new D6_Hildenbrand().name(), "a catalogue design extending another keeps its own key");
        var result = lab.memremap.matrix.Matrix.of(new D4_V6(), new Mine(), new D9_Mainline())
                .scenarios(lab.memremap.scenario.Scenarios.S1).run();
        assertTrue(result.toString().contains("Mine"), result.toString());
    }
}
