package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** What readers see: the memmap table, folio dumps, the trace with its calling kernel function. */
class ViewsTest {

    @Test
    void memmapViewShowsHeadsTailsAndOrders() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 16);
        r.alloc(0, 2);
        var t = r.m.memmapView(r.pgmap).toTable();
        assertEquals(16, t.rowCount());
        assertEquals("head", t.stringColumn("role").get(0));
        assertEquals(2, t.intColumn("order").get(0));
        assertEquals(String.format("tail of 0x%x", r.start), t.stringColumn("role").get(3));
        assertEquals("order-0", t.stringColumn("role").get(4));
        assertEquals("pgmap0", t.stringColumn("word1").get(4));
        assertTrue(r.m.memmapView(r.pgmap).toHtml().contains("<td>head</td>"));
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
}
