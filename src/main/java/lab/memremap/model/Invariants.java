package lab.memremap.model;

import static lab.memremap.model.PageFlagBits.PG_head;
import static lab.memremap.model.PageFlagBits.PG_locked;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariant checks of kernel-history.md §2.11, run on demand (Machine.checkInvariants) or after
 * every operation of a scenario. Each violation is one line naming the page or pgmap.
 */
final class Invariants {
    private Invariants() {}

    static List<String> check(Machine m) {
        Grouped out = new Grouped();
        Memmap mm = m.memmap;
        int ownerHead = -1;             // the pgmap of the last live head seen, looked up once per folio
        DevPagemap headOwner = null;
        for (int i = 0; i < mm.n; i++) {
            if (!mm.isPopulated(i)) continue;
            long pfn = mm.pfn(i);
            if (mm.refcount[i] < 0) out.add(pfn, "refcount " + mm.refcount[i] + " < 0");
            if (PageFlagBits.zone(mm.flags[i]) != PageFlagBits.ZONE_DEVICE) out.add(pfn, "zone is not ZONE_DEVICE");
            int w = mm.word1[i];
            if ((w & 1) != 0) {
                int head = w >>> 1;
                // A folio's refcount lives on its head: a tail with a count of its own was initialised as a
                // folio while its compound_head still pointed elsewhere.
                if (mm.refcount[i] != 0)
                    out.add(pfn, String.format("refcount on a page whose compound_head says it is a tail of pfn 0x%x", mm.pfn(head)));
                // A free page may keep a stale compound_head to a head that is live again at another order
                // (D8/D9 clean it when the page itself is re-initialised); only pages a live folio covers
                // must belong to it, and that is checked from the head below.
                if (!mm.isPopulated(head) || mm.refcount[head] <= 0 || !covers(mm, head, i)) continue;
                if (head != ownerHead) {
                    ownerHead = head;
                    headOwner = owner(m, head);
                }
                if (headOwner == null || !headOwner.contains(pfn))
                    out.add(pfn, String.format("in the folio of pfn 0x%x, which belongs to another pgmap", mm.pfn(head)));
            } else if (mm.refcount[i] > 0 && (mm.flags[i] & (1 << PG_head)) != 0) {
                int order = order(mm, i);
                for (long j = i + 1; j < Math.min(mm.n, i + (1L << Math.min(order, 30))); j++) {
                    int tw = mm.word1[(int) j];
                    if ((tw & 1) == 0 || (tw >>> 1) != i)
                        out.add(mm.pfn((int) j), String.format("inside live order-%d folio of pfn 0x%x, but not its tail", order, pfn));
                }
            }
            if ((w & 1) == 0 && (mm.flags[i] & (1 << PG_locked)) != 0)
                out.add(pfn, "stray PG_locked (nobody holds the lock between operations)");
        }
        for (DevPagemap p : m.pgmaps()) {
            if (p.state == DevPagemap.State.NEW || p.state == DevPagemap.State.UNMAPPED) continue;
            PercpuRef r = p.ref;
            if (r.count < 0) out.lines.add(p.name + ": percpu_ref count " + r.count + " < 0");
            long initial = r.dead ? 0 : 1;
            long preTaken = p.type.countsPerAllocation() || r.dead ? 0 : p.preTakenRefs();
            long expected = initial + preTaken + (p.type.countsPerAllocation() ? p.handedOut : 0);
            if (r.count != expected)
                out.lines.add(String.format("%s: ref count %d, expected %d (%s%s)", p.name, r.count, expected,
                        r.dead ? "" : "initial 1 + ", p.type.countsPerAllocation() ? p.handedOut + " pages handed out"
                                : preTaken + " pre-taken"));
        }
        return out.done();
    }

    /** Runs of consecutive pfns with the same message become one line, so an order-9 problem is one line, not 511. */
    private static final class Grouped {
        final List<String> lines = new ArrayList<>();
        private final List<String> pageLines = new ArrayList<>();
        private String msg;
        private long first = -1;
        private long last = -1;

        void add(long pfn, String message) {
            if (message.equals(msg) && pfn == last + 1) {
                last = pfn;
                return;
            }
            flush();
            msg = message;
            first = last = pfn;
        }

        private void flush() {
            if (msg == null) return;
            pageLines.add(first == last ? String.format("pfn 0x%x: %s", first, msg)
                    : String.format("pfns 0x%x-0x%x (%d pages): %s", first, last, last - first + 1, msg));
            msg = null;
        }

        List<String> done() {
            flush();
            List<String> all = new ArrayList<>(pageLines);
            all.addAll(lines);
            return all;
        }
    }

    private static int order(Memmap mm, int head) {
        return head + 1 < mm.n ? mm.flags[head + 1] & 0xff : 0;
    }

    /** True when live head {@code head} is a compound head whose order reaches page {@code i}. */
    private static boolean covers(Memmap mm, int head, int i) {
        if ((mm.flags[head] & (1 << PG_head)) == 0) return false;
        int order = order(mm, head);
        return i > head && order < 31 && i < head + (1L << order);
    }

    private static DevPagemap owner(Machine m, int idx) {
        return m.pgmapOfPfn(m.memmap.pfn(idx));
    }
}
