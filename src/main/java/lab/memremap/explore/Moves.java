package lab.memremap.explore;

import lab.memremap.driver.Allocation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The driver calls the explorer may try next from a driver state: every conforming single call, and
 * the pairs of calls worth running on two CPUs. A pair races a free (the kernel handing a folio
 * back to the driver) against another call on the same pgmap that can see the hand-back: an
 * allocation that may take the range, another free (the pgmap ref), or the teardown waiting for
 * the last folio. Calls on different folios that only map, unmap or split commute with a free, and
 * two calls that both keep their folios touch nothing the other changes.
 */
final class Moves {
    private Moves() {}

    /**
     * Conforming single calls. An allocation takes the lowest free aligned range of its order, as a
     * buddy-style allocator would; an order-0 one may also take the next {@code fits - 1} free pages,
     * so that a page which was a tail of a freed folio gets handed out again.
     */
    static List<Op> singles(DriverState s, int fits) {
        Set<Op> out = new LinkedHashSet<>();
        for (int p = 0; p < s.pgmapCount(); p++) {
            if (s.tornDown(p)) continue;
            if (s.allocated(p)) {
                for (int order : Driver.ORDERS)
                    for (int fit = 0; fit < (order == 0 ? fits : 1); fit++) {
                        int off = s.freeRange(p, order, fit);
                        if (off < 0) continue;
                        out.add(Op.alloc(p, off, order));
                        if (order == 0) out.add(Op.allocLegacy(p, off));
                    }
            } else {
                for (int fit = 0; fit < fits; fit++) {
                    int off = s.freeRange(p, 0, fit);
                    if (off >= 0) out.add(Op.get(p, off));
                }
            }
            for (Allocation a : chosen(s.held(p))) out.addAll(callsOn(s, a));
            if (s.buggy()) out.addAll(buggyCalls(s, p));
            if (s.held(p).isEmpty()) out.add(Op.teardown(p));
        }
        return new ArrayList<>(out);
    }

    /** Held folios the search acts on per pgmap: all of them up to this many, else the lowest two and the highest. */
    static final int HELD_CHOICES = 3;

    /**
     * The held folios a search acts on: a split of an order-9 folio leaves 512 of them, alike but for
     * their offset, so the search takes the two lowest and the highest (where an old head, its first
     * tail and a far tail lie) instead of all.
     */
    static List<Allocation> chosen(List<Allocation> held) {
        if (held.size() <= HELD_CHOICES) return held;
        return List.of(held.get(0), held.get(1), held.get(held.size() - 1));
    }

    /** The calls the driver may make on a folio (or, on GENERIC and FS_DAX, a page reference) it holds. */
    static List<Op> callsOn(DriverState s, Allocation a) {
        List<Op> out = new ArrayList<>();
        int p = a.pgmap();
        if (!s.allocated(p)) return List.of(Op.put(p, a.offset()));
        out.add(Op.free(p, a.offset()));
        if (a.mapped() == Allocation.Mapped.NONE) out.add(Op.map(p, a.offset()));
        if (a.mapped() == Allocation.Mapped.PMD) out.add(Op.splitPmd(p, a.offset()));
        if (a.order() > 0 && (a.mapped() == Allocation.Mapped.PMD || a.mapped() == Allocation.Mapped.PTES))
            out.add(Op.unmapHalf(p, a.offset()));
        if (a.mapped() != Allocation.Mapped.NONE) out.add(Op.migrateToRam(p, a.offset()));
        if (a.mapped() == Allocation.Mapped.NONE && s.isDevicePrivate(p))
            for (int to : new int[] {0, 1, 2}) if (to < a.order()) out.add(Op.split(p, a.offset(), to));
        return out;
    }

    /** What only a buggy driver does on pgmap {@code p}: hand a held range out again, drop a reference it never had. */
    static List<Op> buggyCalls(DriverState s, int p) {
        List<Op> out = new ArrayList<>();
        if (s.allocated(p))
            for (Allocation a : chosen(s.held(p))) {
                out.add(Op.allocAgain(p, a.offset(), a.order()));
                if (a.order() > 0) out.add(Op.allocAgain(p, a.offset() + 1, 0));
            }
        int free = s.freeRange(p, 0, 0);
        if (free >= 0) out.add(Op.putUnallocated(p, free));
        return out;
    }

    /** Pairs of calls for two CPUs; allocations are templates (lowest free range, chosen when they run). */
    static List<Op[]> pairs(DriverState s) {
        List<Op> calls = new ArrayList<>();
        for (int p = 0; p < s.pgmapCount(); p++) {
            if (s.tornDown(p)) continue;
            if (s.allocated(p))
                for (int order : Driver.ORDERS) {
                    calls.add(Op.allocFit(p, order, false, 0));
                    if (order == 0) calls.add(Op.allocFit(p, 0, true, 0));
                }
            for (Allocation a : chosen(s.held(p))) calls.addAll(callsOn(s, a));
            if (s.held(p).size() <= 1) calls.add(Op.teardown(p));
        }
        List<Op[]> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++)
            for (int j = i; j < calls.size(); j++) {
                Op x = calls.get(i);
                Op y = calls.get(j);
                if (i == j && !x.isAlloc()) continue;
                if (meet(s, x, y)) out.add(new Op[] {x, y});
            }
        return out;
    }

    /** Calls after which the kernel may hand the folio back: a free, a migration back to RAM, a put. */
    private static boolean handsBack(Op op) {
        return op.kind() == Op.Kind.FREE || op.kind() == Op.Kind.MIGRATE_TO_RAM || op.kind() == Op.Kind.PUT;
    }

    private static boolean meet(DriverState s, Op x, Op y) {
        if (x.pgmap() != y.pgmap()) return false;
        if (x.target() >= 0 && x.target() == y.target()) return false;
        boolean xt = x.kind() == Op.Kind.TEARDOWN;
        boolean yt = y.kind() == Op.Kind.TEARDOWN;
        if (xt || yt) {
            // Teardown races only with the free of the last folio the driver holds (it evicts the rest first),
            // and only where memunmap_pages() waits for that folio's pgmap ref (PRIVATE, COHERENT). GENERIC and
            // FS_DAX pgmaps hold pre-taken refs; their owner waits for the page to go idle before tearing down
            // (fs/dax.c dax_break_layout(), woken by free_zone_device_folio()'s wake_up_var()).
            Op other = xt ? y : x;
            if (xt && yt || !s.allocated(x.pgmap())) return false;
            // A buggy driver also allocates while memunmap_pages() runs (S3, S3b): "Drivers shouldn't be
            // allocating pages after calling memunmap_pages()" (mm/memremap.c, zone_device_page_init()).
            if (s.buggy() && other.isAlloc()) return true;
            List<Allocation> held = s.held(x.pgmap());
            return handsBack(other) && held.size() == 1 && held.get(0).offset() == other.offset();
        }
        boolean xf = handsBack(x);
        boolean yf = handsBack(y);
        return (xf && (y.isAlloc() || yf)) || (yf && x.isAlloc());
    }
}
