package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the model under mainline: any sequence of valid driver operations keeps every
 * invariant, and the same sequence gives the same trace and log.
 */
class ModelProperties {
    private static final int[] ORDERS = {0, 1, 2, 9};
    private static final int PAGES = 2048;

    /** A conforming driver: allocates free aligned ranges, maps, partly unmaps, splits, frees what it has. */
    private static final class Driver {
        final Rig r = new Rig(MemoryType.MEMORY_DEVICE_PRIVATE, PAGES);
        final BitSet used = new BitSet(PAGES);
        final List<Folio> live = new ArrayList<>();

        void apply(int op, int arg) {
            switch (op % 5) {
                case 0 -> alloc(ORDERS[arg % ORDERS.length], arg / ORDERS.length);
                case 1 -> { if (!live.isEmpty()) free(live.get(arg % live.size())); }
                case 2 -> { if (!live.isEmpty()) map(live.get(arg % live.size())); }
                case 3 -> { if (!live.isEmpty()) unmapHalf(live.get(arg % live.size())); }
                default -> { if (!live.isEmpty()) split(live.get(arg % live.size())); }
            }
            List<String> v = r.m.checkInvariants();
            assertTrue(v.isEmpty(), "after op " + op + "/" + arg + ": " + v + "\n" + r.m.log().dmesg());
        }

        void alloc(int order, int hint) {
            int n = 1 << order;
            for (int k = 0; k < PAGES / n; k++) {
                int off = ((hint + k) % (PAGES / n)) * n;
                if (used.get(off, off + n).isEmpty()) {
                    used.set(off, off + n);
                    live.add(r.alloc(off, order));
                    return;
                }
            }
        }

        void free(Folio f) {
            if (r.m.folio_mapped(f)) unmapAll(f);
            int off = (int) (f.pfn() - r.start);
            int n = (int) r.m.folio_nr_pages(f);
            live.remove(f);
            r.m.folio_put(f);
            used.clear(off, off + n);
        }

        void map(Folio f) {
            if (r.m.folio_mapped(f) || r.m.folio_test_anon(f)) return;
            r.m.folio_add_new_anon_rmap(f, true, false);
        }

        void unmapHalf(Folio f) {
            if (!r.m.folio_mapped(f) || !r.m.folio_test_large(f)) return;
            long n = r.m.folio_nr_pages(f);
            Page half = r.m.folio_page(f, n / 2);
            if (half._mapcount() < 0) return;
            r.m.folio_remove_rmap_ptes(f, half, (int) (n - n / 2));
        }

        void unmapAll(Folio f) {
            long n = r.m.folio_nr_pages(f);
            for (int i = 0; i < n; i++) {
                Page p = r.m.folio_page(f, i);
                if (p._mapcount() >= 0) r.m.folio_remove_rmap_ptes(f, p, 1);
            }
        }

        void split(Folio f) {
            if (!r.m.folio_test_large(f) || r.m.folio_mapped(f)) return;
            long n = r.m.folio_nr_pages(f);
            live.remove(f);
            r.m.split_folio_to_order(f, 0);
            for (int i = 0; i < n; i++) live.add(r.m.folio_page(f, i).as_folio());
        }

        void evictAndUnmap() {
            for (Folio f : new ArrayList<>(live)) free(f);
            r.m.memunmap_pages(r.pgmap);
        }
    }

    @Property(tries = 60)
    void validOperationSequencesKeepEveryInvariantAndUnmapCleanly(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 999) Integer> ops) {
        Driver d = new Driver();
        for (int i = 0; i + 1 < ops.size(); i += 2) d.apply(ops.get(i), ops.get(i + 1));
        d.evictAndUnmap();
        assertEquals(0, d.r.pgmap.ref.count());
        assertTrue(d.r.m.log().entries().stream().allMatch(e -> e.kind() == KernelLog.Kind.INFO), d.r.m.log().dmesg());
    }

    @Property(tries = 20)
    void theSameOperationsGiveTheSameTraceAndLog(@ForAll @Size(max = 30) List<@IntRange(min = 0, max = 999) Integer> ops) {
        String[] out = new String[2];
        long[] hash = new long[2];
        for (int run = 0; run < 2; run++) {
            Driver d = new Driver();
            for (int i = 0; i + 1 < ops.size(); i += 2) d.apply(ops.get(i), ops.get(i + 1));
            out[run] = d.r.m.trace().toTable().printAll() + d.r.m.log().dmesg();
            hash[run] = d.r.m.snapshot().hash();
        }
        assertEquals(out[0], out[1]);
        assertEquals(hash[0], hash[1]);
    }
}
