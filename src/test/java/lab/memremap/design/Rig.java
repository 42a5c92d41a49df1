package lab.memremap.design;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.model.Config;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Page;

/** A machine with one 4 MiB pgmap whose free callback records (pfn offset, order) of every call. */
final class Rig {
    final Machine m;
    final DevPagemap pgmap;
    final List<int[]> frees = new ArrayList<>();

    Rig(Design d, MemoryType type) {
        m = Machine.boot(Designs.configFor(d, Config.defaults()), d);
        DevPagemapOps ops = DevPagemapOps.builder()
                .free((head, order) -> frees.add(new int[] {(int) (head.pfn() - pgmapStart()), order}))
                .migrate_to_ram(f -> 0).build();
        pgmap = m.newPgmap("rig", type, ops, "owner");
        long start = m.reservePfnRange(1024);
        pgmap.setRanges(List.of(new DevPagemap.Range(start, start + 1024)));
        if (m.memremap_pages(pgmap, 0) != 0) throw new AssertionError("memremap_pages failed");
    }

    Rig(Design d) {
        this(d, MemoryType.MEMORY_DEVICE_PRIVATE);
    }

    long pgmapStart() {
        return pgmap.startPfn();
    }

    Page page(int off) {
        return pgmap.page(off);
    }

    long ref() {
        return pgmap.ref.count();
    }
}
