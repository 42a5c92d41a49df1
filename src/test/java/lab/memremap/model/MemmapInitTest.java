package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * memmap_init_zone_device() / __init_zone_device_page() as mm/mm_init.c writes them
 * (7.2.13: lines 1008-1052 and memmap_init_compound() at 1078-1102; 6.12.117: 993-1024).
 */
class MemmapInitTest {

    /** __SetPageReserved(page) (mm/mm_init.c:1022 in 7.2.13, :1007 in 6.12.117) runs for every type. */
    @Test
    void everyZoneDevicePageCarriesPgReserved() {
        for (MemoryType type : MemoryType.values()) {
            Rig r = new Rig(type, 512);
            for (long off : new long[] {0, 1, 511}) {
                Page p = r.page(off);
                assertTrue(p.test_bit(PageFlagBits.PG_reserved), type + " pfn +" + off + " has no PG_reserved");
            }
            // dump_page's flags line names it (the old output had "flags: 0x40000000(zone=4)").
            String dump = PageDump.dumpPage(r.m, r.page(3).index(), "test");
            assertTrue(dump.contains("reserved"), dump);
        }
    }

    /** The driver's init and free do not clear it: a freed and re-allocated page still has it. */
    @Test
    void pgReservedSurvivesAllocationAndFree() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Folio f = r.alloc(0, 9);
        r.m.folio_put(f);
        for (long off : new long[] {0, 1, 2, 300}) assertTrue(r.page(off).test_bit(PageFlagBits.PG_reserved));
        assertEquals(0, r.page(0)._refcount());
    }
}
