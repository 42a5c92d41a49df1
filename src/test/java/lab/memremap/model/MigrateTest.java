package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Test;

/** The CPU fault on a device-private page: do_swap_page -> migrate_to_ram -> the folio is freed. */
class MigrateTest {

    @Test
    void aFaultMigratesTheFolioBackAndTheLastPutFreesIt() {
        Machine m = Machine.boot(Config.defaults(), new D9_Mainline());
        DevPagemap[] self = new DevPagemap[1];
        DevPagemapOps ops = DevPagemapOps.builder()
                .free((head, order) -> self[0].noteHandedOut(-(1L << order)))
                .migrate_to_ram(folio -> {
                    // The driver copies the data to a system folio, unmaps the device folio and drops
                    // the reference its page-table entry held.
                    folio.machine().folio_remove_rmap_ptes(folio, folio.page(), (int) folio.machine().folio_nr_pages(folio));
                    folio.machine().folio_put(folio);
                    return 0;
                }).build();
        DevPagemap pg = m.newPgmap("p", MemoryType.MEMORY_DEVICE_PRIVATE, ops, "o");
        self[0] = pg;
        long s = m.reservePfnRange(64);
        pg.setRanges(List.of(new DevPagemap.Range(s, s + 64)));
        m.memremap_pages(pg, 0);
        Folio f = m.zoneDeviceInit(m.pfn_to_page(s), pg, 2);
        pg.noteHandedOut(4);
        m.folio_add_new_anon_rmap(f, true, false);
        m.folio_unlock(f);
        assertEquals(0, m.do_swap_page(m.pfn_to_page(s + 1)));
        assertEquals(0, m.folio_ref_count(f), "freed once the fault path dropped its reference");
        assertEquals(1, pg.ref.count());
        assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants().toString());
        assertEquals(s >>> 15, m.pfn_to_section_nr(s));
    }
}
