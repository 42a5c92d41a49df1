package lab.memremap.notebook;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D4_V6;
import lab.memremap.design.D9_Mainline;
import lab.memremap.model.Config;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.PageFlagBits;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** StepWatch names each primitive and marks the step where it goes wrong. */
class StepWatchTest {
    record Dev(Machine m, DevPagemap pgmap) {}

    static Dev boot(Design d) {
        Machine m = Machine.boot(Config.defaults(), d);
        DevPagemap p = m.newPgmap("dev0", MemoryType.MEMORY_DEVICE_PRIVATE,
                DevPagemapOps.builder().migrate_to_ram(f -> 0).free((h, o) -> {}).build(), "owner");
        long s = m.reservePfnRange(1024);
        p.setRanges(List.of(new DevPagemap.Range(s, s + 1024)));
        m.memremap_pages(p, 0);
        return new Dev(m, p);
    }

    static void allocAndFree(Dev d, int order) {
        Folio f = d.m().zoneDeviceInit(d.pgmap().page(0), d.pgmap(), order);
        d.m().folio_unlock(f);
        d.m().folio_put(f);
    }

    @Test
    void aCleanInitHasNoMarkColumn() {
        Dev d = boot(new D9_Mainline());
        Table t = StepWatch.run(d.m(), d.pgmap(), new int[] {0, 1}, () -> d.m().zoneDeviceInit(d.pgmap().page(0), d.pgmap(), 9));
        assertFalse(t.columnNames().contains("goes wrong"), t.print());
        assertTrue(t.stringColumn("kernel primitive").asList().contains("prep_compound_page"), t.print());
    }

    @Test
    void theConditionMarksTheFirstStepAfterWhichItHolds() {
        // v6's order-0 wrapper on page 5 of a freed order-9 folio locks the old head, page 0
        Dev d = boot(new D4_V6());
        allocAndFree(d, 9);
        Table t = StepWatch.on(d.m(), d.pgmap(), 0, 5)
                .markWhen("page 0 locked, not page 5", () -> d.pgmap().page(0).test_bit(PageFlagBits.PG_locked))
                .run(() -> d.m().zoneDevicePageInit(d.pgmap().page(5), d.pgmap()));
        List<String> marks = t.stringColumn("goes wrong").asList();
        int row = marks.indexOf("◀ page 0 locked, not page 5");
        assertTrue(row >= 0, t.print());
        assertTrue(t.stringColumn("kernel primitive").get(row).contains("lock"), t.print());
        assertEquals(1, marks.stream().filter(s -> !s.isEmpty()).count(), t.print());
    }

    @Test
    void aStopIsMarkedAndTheTableKept() {
        // v6: re-init page 0 at order 0 after a freed order-9 folio; its free puts 512 references for one
        Dev d = boot(new D4_V6());
        allocAndFree(d, 9);
        Table t = StepWatch.on(d.m(), d.pgmap(), 0, 1).run(() -> {
            Folio g = d.m().zoneDeviceInit(d.pgmap().page(0), d.pgmap(), 0);
            d.m().folio_unlock(g);
            d.m().folio_put(g);
            d.m().memunmap_pages(d.pgmap());
        });
        String all = String.join("|", t.stringColumn("goes wrong").asList());
        assertTrue(all.contains("◀"), t.print());
        assertTrue(t.rowCount() > 3, t.print());
    }
}
