package lab.memremap.design;

import static lab.memremap.model.PageFlagBits.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;
import lab.memremap.model.Design;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Memmap;
import lab.memremap.model.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each design's init and free at word level, on orders 0, 1 and 9, against what the patch of that
 * version does (the expectations below are read from the patches, not from the model's output).
 */
class DesignWordLevelTest {

    /** What one design does for one order: is a compound page built, is there a WARN at init, refs leaked at free. */
    record Expect(String design, int order, boolean compound, boolean warnAtInit, long leakAfterFree,
                  String callback, boolean cleansAtFree) {}

    static Stream<Arguments> cases() {
        return Stream.of(
                // D1/D2: WARN for orders other than 0 and PMD; order > 1 builds the compound page; order 1 leaks one ref.
                e("D1", 0, false, false, 0, "->page_free", false), e("D1", 1, false, true, 1, "->page_free", false),
                e("D1", 9, true, false, 0, "->page_free", false),
                e("D2", 0, false, false, 0, "->page_free", false), e("D2", 1, false, true, 1, "->page_free", false),
                e("D2", 9, true, false, 0, "->page_free", false),
                // D3/D4: no order policy; order 1 still leaks (order > 1).
                e("D3", 0, false, false, 0, "->page_free", false), e("D3", 1, false, false, 1, "->page_free", false),
                e("D3", 9, true, false, 0, "->page_free", false),
                e("D4", 0, false, false, 0, "->page_free", false), e("D4", 1, false, false, 1, "->page_free", false),
                e("D4", 9, true, false, 0, "->page_free", false),
                // D5: Zi's VM_WARN_ON_ONCE(order == 1), and his `if (order > 1)`: the order-1 leak stays.
                e("D5", 0, false, false, 0, "->page_free", false), e("D5", 1, false, true, 1, "->page_free", false),
                e("D5", 9, true, false, 0, "->page_free", false),
                e("D6", 0, false, false, 0, "->folio_free", false), e("D6", 1, false, false, 1, "->folio_free", false),
                e("D6", 9, true, false, 0, "->folio_free", false),
                // D7 on: `if (order)`, balanced for every order.
                e("D7", 0, false, false, 0, "->folio_free", false), e("D7", 1, true, false, 0, "->folio_free", false),
                e("D7", 9, true, false, 0, "->folio_free", false),
                e("D7b", 0, false, false, 0, "->folio_free", true), e("D7b", 1, true, false, 0, "->folio_free", true),
                e("D7b", 9, true, false, 0, "->folio_free", true),
                e("D8", 0, false, false, 0, "->folio_free", false), e("D8", 1, true, false, 0, "->folio_free", false),
                e("D8", 9, true, false, 0, "->folio_free", false),
                e("D9", 0, false, false, 0, "->folio_free", false), e("D9", 1, true, false, 0, "->folio_free", false),
                e("D9", 9, true, false, 0, "->folio_free", false),
                e("D0", 0, false, false, 0, "->page_free", false),
                e("D0-pre6.15", 0, false, false, 0, "->page_free", false));
    }

    private static Arguments e(String d, int order, boolean compound, boolean warn, long leak, String cb, boolean cleans) {
        return Arguments.of(new Expect(d, order, compound, warn, leak, cb, cleans));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void initAndFreeAtWordLevel(Expect x) {
        Design d = Designs.byName(x.design());
        Rig r = new Rig(d);
        int nr = 1 << x.order();
        Page p = r.page(0);

        Folio f = r.m.zoneDeviceInit(p, r.pgmap, x.order());

        // init: one ref per base page, refcount 1 and PG_locked on the head
        assertEquals(1 + nr, r.ref(), "pgmap refs after init");
        assertEquals(1, p._refcount());
        assertTrue(p.test_bit(PG_locked));
        assertEquals(x.warnAtInit(), r.m.log().has(KernelLog.Kind.WARN), r.m.log().dmesg());
        assertEquals(x.compound(), p.test_bit(PG_head), "PG_head");
        if (x.compound()) {
            assertEquals(x.order(), p.add(1).flags() & 0xff, "order byte in page[1]");
            assertEquals(x.order(), r.m.folio_order(f));
            assertEquals(nr, r.m.folio_nr_pages(f));
            assertTrue(p.add(1).test_bit(PG_large_rmappable), "PG_large_rmappable in page[1]");
            for (int i = 1; i < nr; i++) {
                assertTrue(p.add(i).word1_is_tail(), "tail " + i);
                assertEquals(p, r.m.compound_head(p.add(i)));
                // page[1]'s word 3 holds _entire_mapcount/_pincount, page[2]'s _deferred_list (order > 1);
                // the other tails get TAIL_MAPPING (mm_types.h, free_tail_page_prepare's cases 1 and 2)
                if (i >= 3) assertEquals(Memmap.MAPPING_TAIL, p.add(i).mapping());
                if (i == 2) assertEquals(Memmap.MAPPING_DEFERRED_LIST, p.add(i).mapping());
            }
        } else {
            assertEquals(1, r.m.folio_nr_pages(f));
            if (x.order() > 0) assertFalse(p.add(1).word1_is_tail(), "order 1 without compound page: page[1] untouched");
        }

        // free: as migrate_vma_finalize leaves it, unlocked; the last put frees it
        r.m.unlock_page(p);
        r.m.folio_put(f);
        assertEquals(1, r.frees.size(), "one free callback");
        assertEquals(0, r.frees.get(0)[0]);
        assertEquals(x.compound() ? x.order() : 0, r.frees.get(0)[1], "order the driver sees");
        assertEquals(1, r.m.trace().countsPerFunction().getOrDefault(x.callback(), 0L), x.callback());
        assertEquals(1 + x.leakAfterFree(), r.ref(), "pgmap refs after free (1 = only the initial ref)");
        assertEquals(0, p._refcount());
        assertEquals(Memmap.MAPPING_NULL, p.mapping());
        if (x.compound()) {
            // Nothing but D7b's free-time prepare undoes prep_compound_page (bug B7).
            assertEquals(!x.cleansAtFree(), p.test_bit(PG_head), "PG_head after free");
            assertEquals(!x.cleansAtFree(), p.add(1).word1_is_tail(), "page[1] still a tail after free");
            if (x.cleansAtFree()) {
                assertEquals(0, p.add(1).flags() & 0xff, "order byte cleared");
                assertEquals(r.pgmap, p.add(nr - 1).pgmap(), "pgmap written back into the last tail");
            }
        }
    }

    @ParameterizedTest(name = "{0} order 0 through the legacy entry")
    @MethodSource("designNames")
    void legacyOrderZeroEntryTakesOneRef(String name) {
        Rig r = new Rig(Designs.byName(name));
        Page p = r.page(3);
        r.m.zoneDevicePageInit(p, r.pgmap);
        assertEquals(2, r.ref());
        assertEquals(1, p._refcount());
        assertTrue(p.test_bit(PG_locked));
        assertFalse(r.m.log().has(KernelLog.Kind.WARN), r.m.log().dmesg());
    }

    static Stream<String> designNames() {
        return Designs.names().stream();
    }

    @ParameterizedTest(name = "D0 refuses order {0}")
    @MethodSource("largeOrders")
    void d0HasNoOrder(int order) {
        Rig r = new Rig(Designs.byName("D0"));
        assertThrows(NotApplicable.class, () -> r.m.zoneDeviceInit(r.page(0), r.pgmap, order));
        assertEquals(1, r.ref(), "nothing taken");
    }

    static Stream<Integer> largeOrders() {
        return Stream.of(1, 9);
    }
}
