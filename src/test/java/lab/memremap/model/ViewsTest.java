package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** What readers see: the memmap table, folio dumps, the trace with its calling kernel function. */
class ViewsTest {

    @Test
    void memmapViewShowsHeadsTailsAndOrders() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 16);
        r.alloc(0, 2);
        long clock = r.m.clock();
        var rows = r.m.memmapView(r.pgmap).rows();
        assertEquals(16, rows.size());
        assertEquals("head, order 2", rows.get(0).folio());
        assertEquals(String.format("tail +3 of pfn 0x%x", r.start), rows.get(3).folio());
        assertEquals("order-0 folio", rows.get(4).folio());
        assertEquals("pgmap = pgmap0", rows.get(4).word1());
        assertEquals("order=2|large_rmappable|reserved", rows.get(1).flagNames());  // PG_reserved: mm/mm_init.c __init_zone_device_page()
        assertTrue(r.m.memmapView(r.start, 4).toHtml().contains("head, order 2"));
        assertEquals(clock, r.m.clock(), "a picture never advances the clock");
    }

    @Test
    void displayingAFolioDoesNotAdvanceTheClock() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 16);
        Folio f = r.alloc(0, 2);
        long clock = r.m.clock();
        String text = f.toText();
        assertEquals(clock, r.m.clock());
        assertTrue(text.startsWith(String.format("folio pfn 0x%x: order 2, 4 page(s), refcount 1, mapcount 0, pgmap pgmap0", r.start)), text);
        assertTrue(text.contains("_nr_pages       4"), text);
    }

    @Test
    void traceEventsNameTheKernelFunctionThatMadeTheChange() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 16);
        r.alloc(0, 2);
        var t = r.m.trace().toTable();
        int row = t.stringColumn("function").indexOf("percpu_ref_tryget_many");
        assertTrue(row >= 0);
        assertEquals("zone_device_page_init", t.stringColumn("caller").get(row));
        assertEquals(4, t.longColumn("delta").get(row));
        assertEquals(5, t.longColumn("value").get(row));
    }

    @Test
    void summariesSayInOneLineWhatTheHtmlShows() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 16);
        r.alloc(0, 2);
        assertEquals("pgmap0: 4 struct pages ([0] to [15])", MemmapPicture.of(r.pgmap, 0, 3).and(15).summary());
        assertEquals("kernel log: " + r.m.log().size() + " entries", r.m.log().summary());
        String designs = "machine: " + r.m.design().name() + " — " + r.m.design().title() + ", 1 pgmap(s)";
        assertEquals(designs, r.m.summary());
        var matrix = lab.memremap.matrix.Matrix.of(new lab.memremap.design.D4_V6(), new lab.memremap.design.D9_Mainline())
                .scenarios(lab.memremap.scenario.Scenarios.S1).run();
        assertEquals("matrix 1x2 (scenarios x designs): 1 LEAK, 1 OK", matrix.summary());
        var s1 = lab.memremap.scenario.Scenarios.S1.run(new lab.memremap.design.D4_V6());
        assertEquals(s1.toText().lines().findFirst().orElseThrow(), s1.summary(), "a result's first line is its verdict");
        assertFalse(s1.summary().contains("\n"));
    }

    @Test
    void theLogColoursItsBugLinesButNotTheConfigBanner() {
        String quiet = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 16).m.log().toHtml();
        assertTrue(quiet.startsWith("<pre style=\"font-size:90%\">config: CONFIG_DEBUG_VM=y"), quiet);
        String bug = lab.memremap.scenario.Scenarios.S9.run(new lab.memremap.design.D7_V7()).log().toHtml();
        assertTrue(bug.lines().anyMatch(l -> l.startsWith("<span style=\"color:#b2182b\">") && l.contains("BUG")), bug);
        assertFalse(bug.contains("#b2182b\">config:"), bug);
    }
}
