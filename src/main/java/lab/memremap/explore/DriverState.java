package lab.memremap.explore;

import lab.memremap.driver.Allocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the conforming driver knows between two calls: its allocation records per pgmap (sorted by
 * offset) and which pgmaps it has torn down. Immutable; the explorer generates its next calls from it.
 */
public final class DriverState {
    private final Setup setup;
    private final List<List<Allocation>> records;
    private final boolean[] tornDown;

    DriverState(Setup setup, List<List<Allocation>> records, boolean[] tornDown) {
        this.setup = setup;
        this.records = List.copyOf(records);
        this.tornDown = tornDown;
    }

    public int pgmapCount() {
        return records.size();
    }

    public List<Allocation> records(int p) {
        return records.get(p);
    }

    public boolean tornDown(int p) {
        return tornDown[p];
    }

    /** Whether the driver allocates this pgmap's pages (PRIVATE, COHERENT) rather than taking references on them (GENERIC, FS_DAX). */
    public boolean allocated(int p) {
        return setup.pgmaps().get(p).type().countsPerAllocation();
    }

    /** Whether the driver is the buggy one (Setup.buggy()). */
    public boolean buggy() {
        return setup.isBuggy();
    }

    public boolean isDevicePrivate(int p) {
        return setup.pgmaps().get(p).type() == lab.memremap.model.MemoryType.MEMORY_DEVICE_PRIVATE;
    }

    /** Records whose folio the driver still holds, over all pgmaps. */
    public List<Allocation> held() {
        List<Allocation> out = new ArrayList<>();
        for (List<Allocation> r : records)
            for (Allocation a : r) if (a.held() == Allocation.Held.HELD) out.add(a);
        return out;
    }

    public List<Allocation> held(int p) {
        return records.get(p).stream().filter(a -> a.held() == Allocation.Held.HELD).toList();
    }

    /** True when [offset, offset + 2^order) is aligned, inside the pgmap, and overlaps no record. */
    public boolean isFree(int p, int offset, int order) {
        int nr = 1 << order;
        if (tornDown[p] || offset < 0 || offset % nr != 0 || offset + nr > setup.pgmaps().get(p).pages()) return false;
        for (Allocation a : records.get(p)) if (a.overlaps(offset, nr)) return false;
        return true;
    }

    /** The {@code fit}-th free aligned range of {@code order} (0 = lowest), or -1. */
    public int freeRange(int p, int order, int fit) {
        int nr = 1 << order;
        int seen = 0;
        for (int off = 0; off + nr <= setup.pgmaps().get(p).pages(); off += nr)
            if (isFree(p, off, order) && seen++ == fit) return off;
        return -1;
    }

    @Override public boolean equals(Object o) {
        return o instanceof DriverState s && s.records.equals(records) && Arrays.equals(s.tornDown, tornDown);
    }

    @Override public int hashCode() {
        return 31 * records.hashCode() + Arrays.hashCode(tornDown);
    }

    @Override public String toString() {
        return records + (Arrays.toString(tornDown));
    }
}
