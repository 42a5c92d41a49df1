package lab.memremap.fidelity;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D0_Baseline;
import lab.memremap.design.D4_V6;
import lab.memremap.design.D9_Mainline;
import lab.memremap.model.Config;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.PgmapPlacement;
import lab.memremap.model.Oops;
import lab.memremap.scenario.Outcome;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/** The visible details of issue 10, each with the source it follows and the old output it rejects. */
class VisibleDetailsTest {

    static Machine machine(lab.memremap.model.Design d) {
        Machine m = Machine.boot(Config.defaults(), d);
        m.design();
        return m;
    }

    static DevPagemap pgmap(Machine m, MemoryType type, int pages, int shift, DevPagemapOps ops, Object owner) {
        DevPagemap p = m.newPgmap("p" + m.pgmaps().size(), type, ops, owner);
        p.vmemmap_shift = shift;
        long s = m.reservePfnRange(pages);
        p.setRanges(List.of(new DevPagemap.Range(s, s + pages)));
        return p;
    }

    /** Errata 10: pfn_len() = pages >> vmemmap_shift (mm/memremap.c:80-84, 7.2.13). Old: +1024 for a 1024-page pmem. */
    @Test
    void preTakenRefsAreOnePerCompoundPage() {
        Machine m = machine(new D9_Mainline());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_FS_DAX, 1024, 9, null, null);
        assertEquals(0, m.memremap_pages(p, 0));
        assertEquals(1 + 2, p.ref.count(), "initial ref + 1024 >> 9");
    }

    /** memmap_init_compound(): tails at 0 (mm/mm_init.c:1099, 7.2.13), a GENERIC head at 1. Old: every page 1. */
    @Test
    void genericCompoundTailsIdleAtZero() {
        Machine m = machine(new D9_Mainline());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_GENERIC, 1024, 9, null, null);
        m.memremap_pages(p, 0);
        assertEquals(1, p.page(0)._refcount());
        assertEquals(0, p.page(1)._refcount());
        assertEquals(0, p.page(511)._refcount());
        assertEquals(1, p.page(512)._refcount());
    }

    /** Before 6.15 only PRIVATE/COHERENT are set to 0 (6.12.117 mm/mm_init.c:1021-1023). */
    @Test
    void pre615FsDaxPagesIdleAtOne() {
        Machine m = Machine.boot(Config.defaults().withPlacement(PgmapPlacement.PER_PAGE), new D0_Baseline(PgmapPlacement.PER_PAGE));
        m.design();
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_FS_DAX, 512, 0, null, null);
        m.memremap_pages(p, 0);
        assertEquals(1, p.page(7)._refcount());
    }

    /** A WARN of memremap_pages() names memremap_pages (old: "einval"); COHERENT without ops is an oops (7.2.13 :302). */
    @Test
    void memremapPagesWarnsUnderItsOwnNameAndCoherentWithoutOpsOopses() {
        Machine m = machine(new D9_Mainline());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512, 0, DevPagemapOps.builder().migrate_to_ram(f -> 0).build(), "o");
        assertTrue(m.memremap_pages(p, 0) < 0);
        String w = m.log().of(KernelLog.Kind.WARN).get(0).text();
        assertTrue(w.contains("Missing folio_free method\nWARNING: mm/memremap.c:293 at memremap_pages+0x?/0x?"), w);
        Machine m2 = machine(new D9_Mainline());
        DevPagemap c = pgmap(m2, MemoryType.MEMORY_DEVICE_COHERENT, 512, 0, null, "o");
        assertThrows(Oops.class, () -> m2.memremap_pages(c, 0));
        assertTrue(m2.log().of(KernelLog.Kind.BUG).get(0).text().contains("BUG: kernel NULL pointer dereference"));
    }

    /** The vmemmap_shift check comes first and exists only from 6.18 (absent in 6.12.117, 7.2.13 :278). */
    @Test
    void vmemmapShiftCheckIsFirstAndVersioned() {
        Machine m = machine(new D9_Mainline());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512, 23, null, null);
        assertTrue(m.memremap_pages(p, 0) < 0);
        assertTrue(m.log().dmesg().contains("requested folio size unsupported"), "before the type checks, which would say Missing ...");
        assertFalse(m.log().dmesg().contains("Missing"));
    }

    /** A conflicting range: WARN(1, "Conflicting mapping in same section") and -ENOMEM (7.2.13 :158). Old: an exception. */
    @Test
    void aConflictingRangeWarnsAndFailsWithEnomem() {
        Machine m = machine(new D9_Mainline());
        DevPagemap a = pgmap(m, MemoryType.MEMORY_DEVICE_FS_DAX, 512, 0, null, null);
        m.memremap_pages(a, 0);
        DevPagemap b = m.newPgmap("b", MemoryType.MEMORY_DEVICE_FS_DAX, null, null);
        b.setRanges(a.ranges());
        assertEquals(-12, m.memremap_pages(b, 0));
        String w = m.log().of(KernelLog.Kind.WARN).get(0).text();
        assertTrue(w.contains("Conflicting mapping in same section\nWARNING: mm/memremap.c:158 at pagemap_range+0x?/0x?"), w);
        assertTrue(w.contains(" memremap_pages+0x?/0x?\n"), "called from memremap_pages: " + w);
    }

    /** folio_zone_device_data(): VM_WARN_ON_FOLIO, the kernel goes on (7.2.13 include/linux/memremap.h:188). Old: a BUG. */
    @Test
    void zoneDeviceDataOnANonPrivateFolioWarns() {
        Machine m = machine(new D9_Mainline());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_GENERIC, 512, 0, null, null);
        m.memremap_pages(p, 0);
        assertDoesNotThrow(() -> m.folio_zone_device_data(p.page(0).as_folio()));
        assertEquals(1, m.log().of(KernelLog.Kind.WARN).size());
    }

    /** PMD-mapped anon: PG_anon_exclusive on the head only (mm/rmap.c:1692-1693, 7.2.13); split gives the tails it. */
    @Test
    void anonExclusiveOnTheHeadOnlyUntilThePmdIsSplit() {
        Machine m = machine(new D4_V6());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512, 0,
                DevPagemapOps.builder().migrate_to_ram(f -> 0).free((h, o) -> { }).build(), "o");
        m.memremap_pages(p, 0);
        Folio f = m.zoneDeviceInit(p.page(0), p, 9);
        m.folio_add_new_anon_rmap(f, true, true);
        assertTrue(m.PageAnonExclusive(p.page(0)));
        assertFalse(m.PageAnonExclusive(p.page(1)), "old output: every tail was exclusive after a PMD map");
        m.split_huge_pmd(f);
        assertTrue(m.PageAnonExclusive(p.page(300)));
    }

    /** Partially unmapping pages that were already unmapped queues nothing (mm/rmap.c:1819, 7.2.13). */
    @Test
    void deferredSplitOnlyWhenAPageWasNewlyUnmapped() {
        Machine m = machine(new lab.memremap.design.D2_V2());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512, 0,
                DevPagemapOps.builder().migrate_to_ram(f -> 0).free((h, o) -> { }).build(), "o");
        m.memremap_pages(p, 0);
        Folio f = m.zoneDeviceInit(p.page(0), p, 9);
        m.folio_add_new_anon_rmap(f, true, false);
        m.folio_remove_rmap_ptes(f, f.page(), 1);
        m.folio_remove_rmap_ptes(f, f.page(), 1);     // page 0 was already unmapped: _mapcount goes below -1, nr == 0
        assertEquals(1, m.deferredSplitQueue().split_queue_len());
    }

    /** A struct page whose memmap was removed: a read faults as a read, a write as a write (arch/x86/mm/fault.c:548, 7.2.13). Old: always "write access". */
    @Test
    void aReadOfARemovedMemmapIsAReadFault() {
        Machine m = machine(new D9_Mainline());
        DevPagemap p = pgmap(m, MemoryType.MEMORY_DEVICE_FS_DAX, 512, 0, null, null);
        m.memremap_pages(p, 0);
        var page = p.page(3);
        m.memunmap_pages(p);
        assertThrows(Oops.class, page::flags);
        String oops = m.log().of(KernelLog.Kind.BUG).get(0).text();
        assertTrue(oops.contains("#PF: supervisor read access in kernel mode\n#PF: error_code(0x0000) - not-present page"), oops);
        assertTrue(m.notes().has(ModelNotes.Kind.USE_AFTER_FREE), "the note says which field: " + m.notes());
    }

    /** A Java NPE in a reader's design is a Java exception with its trace, not a kernel oops (issue 10 and 13 item 9). */
    @Test
    void aJavaNullPointerExceptionIsNotAKernelOops() {
        D9_Mainline broken = new D9_Mainline() {
            @Override public String name() {
                return "NPE";
            }

            @Override public void free_zone_device_folio(Folio folio) {
                String s = null;
                s.length();
            }
        };
        var r = Scenarios.S8.run(broken);
        assertTrue(r.has(Outcome.EXCEPTION), r.cell());
        assertFalse(r.has(Outcome.BUG), r.cell());
        assertFalse(r.log().dmesg().contains("NULL pointer dereference"), r.log().dmesg());
        assertTrue(r.stopped().contains("NullPointerException") && r.stopped().contains("free_zone_device_folio"), r.stopped());
    }
}
