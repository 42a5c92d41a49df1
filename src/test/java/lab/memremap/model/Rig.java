package lab.memremap.model;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.design.D9_Mainline;

/** A small machine with one pgmap and a driver that records what its free callback received. */
final class Rig {
    final Machine m;
    final DevPagemap pgmap;
    final long start;
    final List<String> freed = new ArrayList<>();

    Rig(MemoryType type, long pages) {
        this(Config.defaults(), new D9_Mainline(), type, pages, true);
    }

    Rig(Config config, Design design, MemoryType type, long pages, boolean withFree) {
        m = Machine.boot(config, design);
        DevPagemapOps.Builder ops = DevPagemapOps.builder().migrate_to_ram(f -> 0);
        DevPagemap[] self = new DevPagemap[1];
        if (withFree) ops.free((head, order) -> {
            freed.add(String.format("0x%x/%d", head.pfn(), order));
            self[0].noteHandedOut(-(1L << order));
        });
        pgmap = m.newPgmap("pgmap0", type, ops.build(), "owner");
        self[0] = pgmap;
        start = m.reservePfnRange(pages);
        pgmap.setRanges(List.of(new DevPagemap.Range(start, start + pages)));
        if (m.memremap_pages(pgmap, 0) != 0) throw new IllegalStateException(m.log().dmesg());
    }

    Page page(long off) {
        return m.pfn_to_page(start + off);
    }

    /** A driver allocation as the migration path ends it: init, account, unlock. */
    Folio alloc(long off, int order) {
        Folio f = m.zoneDeviceInit(page(off), pgmap, order);
        pgmap.noteHandedOut(1L << order);
        m.folio_unlock(f);
        return f;
    }
}
