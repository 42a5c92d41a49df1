package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Test;

/** WARN/BUG formats, ONCE per site per machine, CONFIG_DEBUG_VM, dump_page. */
class DiagnosticsTest {

    /** A design whose init trips the mainline reinit loop's VM_WARN_ON_FOLIO. */
    static final class Probe extends D9_Mainline {
        void warnTwice() {
            for (int i = 0; i < 2; i++) WARN_ON_ONCE(true);
        }
    }

    @Test
    void warnOnOnceFiresOncePerSitePerMachine() {
        Probe d = new Probe();
        Machine m1 = Machine.boot(Config.defaults(), d);
        m1.design();
        d.warnTwice();
        d.warnTwice();
        assertEquals(1, m1.log().of(KernelLog.Kind.WARN).size());
        Machine m2 = Machine.boot(Config.defaults(), d);
        m2.design();
        d.warnTwice();
        assertEquals(1, m2.log().of(KernelLog.Kind.WARN).size(), "a fresh model instance fires again");
        String text = m2.log().of(KernelLog.Kind.WARN).get(0).text();
        // 6.19+ format (28ea295f941e); a line the model does not know prints ":?", an offset "+0x?/0x?".
        assertTrue(text.contains("WARNING: mm/memremap.c:? at warnTwice+0x?/0x?, CPU#0: hmm-tests/1000\n"), text);
    }

    @Test
    void reinitOfAPageWithAReferenceDumpsThePageAndWarns() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        r.m.set_page_count(r.page(1), 3);                // somebody still holds page 1
        r.m.zoneDeviceInit(r.page(0), r.pgmap, 1);
        var w = r.m.log().of(KernelLog.Kind.WARN);
        assertEquals(1, w.size());
        String t = w.get(0).text();
        assertTrue(t.startsWith(String.format("page: refcount:3 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x%x", r.start + 1)), t);
        assertTrue(t.contains("page dumped because: VM_WARN_ON_FOLIO(folio_ref_count(new_folio))"), t);
        assertTrue(t.contains("WARNING: mm/memremap.c:? at zone_device_page_init+0x?/0x?, CPU#0: hmm-tests/1000"), t);
        assertTrue(t.contains("RIP: 0010:zone_device_page_init+0x?/0x?\nCall Trace:\n <TASK>\n zone_device_folio_init+0x?/0x?\n"), t);
    }

    @Test
    void withoutDebugVmTheVmChecksVanish() {
        Rig r = new Rig(Config.defaults().withDebugVm(false), new D9_Mainline(), MemoryType.MEMORY_DEVICE_PRIVATE, 64, true);
        r.m.set_page_count(r.page(1), 3);
        r.m.zoneDeviceInit(r.page(0), r.pgmap, 1);
        assertTrue(r.m.log().of(KernelLog.Kind.WARN).isEmpty());
        // VM_BUG_ON_FOLIO on a zero refcount: without DEBUG_VM folio_put goes on silently and underflows.
        Rig s = new Rig(Config.defaults().withDebugVm(false), new D9_Mainline(), MemoryType.MEMORY_DEVICE_PRIVATE, 64, true);
        s.m.folio_put(s.page(0).as_folio());
        assertEquals(-1, s.page(0)._refcount());
    }

    @Test
    void aPutOnAZeroRefcountIsAKernelBugWithTheFolioDumped() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        Folio f = r.alloc(0, 0);
        r.m.folio_put(f);
        Oops o = assertThrows(Oops.class, () -> r.m.folio_put(f));
        // put_page_testzero()'s check is VM_BUG_ON_PAGE (include/linux/mm.h:1140 in 6.12.117, :1810 in 7.2.13);
        // the old output said "VM_BUG_ON_FOLIO(page_ref_count(page) == 0)" and "kernel BUG at include/linux/mm.h!".
        assertTrue(o.getMessage().contains("VM_BUG_ON_PAGE"));
        String t = r.m.log().of(KernelLog.Kind.BUG).get(0).text();
        assertTrue(t.contains("page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)"), t);
        assertTrue(t.contains("kernel BUG at include/linux/mm.h:?!"), t);
        assertTrue(t.contains("Oops: invalid opcode: 0000 [#1] SMP NOPTI"), t);
        assertTrue(r.m.notes().of(ModelNotes.Kind.SOURCE).get(0).text().contains("1810"), "the note names the lines it knows");
    }

    /** A function whose source gives the line of one check. */
    static final class WithLine extends D9_Mainline {
        @Source(file = "mm/memremap.c", ref = "test", warnLines = {"VM_WARN_ON_ONCE=431"})
        void free_like() {
            VM_WARN_ON_ONCE(true);
            WARN_ON_ONCE(true);
        }
    }

    @Test
    void aLineIsPrintedOnlyWhereTheSourceGivesOne() {
        WithLine d = new WithLine();
        Machine m = Machine.boot(Config.defaults(), d);
        m.design();
        d.free_like();
        var w = m.log().of(KernelLog.Kind.WARN);
        assertTrue(w.get(0).text().contains("WARNING: mm/memremap.c:431 at free_like+0x?/0x?, CPU#0: hmm-tests/1000"), w.get(0).text());
        assertTrue(w.get(1).text().contains("WARNING: mm/memremap.c:? at free_like+0x?/0x?, CPU#0: hmm-tests/1000"), w.get(1).text());
        // A WARN taints: the second report's CPU line says so, and the verbose line follows.
        assertTrue(w.get(0).text().contains("Comm: hmm-tests Not tainted 7.0.0-memremap-lab #1"), w.get(0).text());
        assertTrue(w.get(1).text().contains("Tainted: G        W           7.0.0-memremap-lab #1\nTainted: [W]=WARN\n"), w.get(1).text());
    }

    @Test
    void everyLogAndTableStartsWithTheConfigurationBanner() {
        Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, 64);
        String banner = "config: CONFIG_DEBUG_VM=y CONFIG_MEMCG=y MAX_FOLIO_ORDER=22 NR_PAGES_IN_LARGE_FOLIO=y pgmap=per-folio(6.15+)";
        assertTrue(r.m.log().dmesg().startsWith(banner), r.m.log().dmesg());
        assertTrue(r.m.trace().toTable().name().contains(banner));
        assertTrue(r.m.log().toTable().name().contains(banner));
    }
}
