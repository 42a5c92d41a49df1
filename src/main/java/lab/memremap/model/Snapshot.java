package lab.memremap.model;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A canonical copy of the kernel-observable state of a machine (memmap words, pgmaps, the deferred
 * split queue, which ONCE warnings have fired), with a 64-bit hash. Two machines whose snapshots are
 * equal behave the same from here on, so a search need not visit both. The clock and the log text
 * are not part of it.
 */
public final class Snapshot {
    private final int[] flags;
    private final int[] word1;
    private final int[] refcount;
    private final int[] mapcount;
    private final byte[] mapping;
    private final int[] nrPages;
    private final boolean[] populated;
    private final String sparse;
    private final String pgmaps;
    private final long hash;

    private Snapshot(Machine m) {
        Memmap mm = m.memmap;
        flags = Arrays.copyOf(mm.flags, mm.n);
        word1 = Arrays.copyOf(mm.word1, mm.n);
        refcount = Arrays.copyOf(mm.refcount, mm.n);
        mapcount = Arrays.copyOf(mm.mapcount, mm.n);
        mapping = Arrays.copyOf(mm.mapping, mm.n);
        nrPages = Arrays.copyOf(mm.nrPages, mm.n);
        populated = Arrays.copyOf(mm.populated, mm.populated.length);
        StringBuilder sb = new StringBuilder();
        sb.append(canon(mm.word2)).append(canon(mm.word3Fields)).append(mm.share).append(mm.privateWord);
        sb.append(m.deferredSplitQueue().heads);
        sparse = sb.toString();
        StringBuilder p = new StringBuilder();
        for (DevPagemap d : m.pgmaps())
            p.append(d.id).append(d.state).append(d.ref.count).append(d.ref.mode).append(d.ref.dead)
                    .append(d.ref.exited).append(d.done.done).append(d.handedOut).append(d.ref.switchCountdown).append(';');
        pgmaps = p.toString();
        long h = 1469598103934665603L;
        h = mix(h, Arrays.hashCode(flags));
        h = mix(h, Arrays.hashCode(word1));
        h = mix(h, Arrays.hashCode(refcount));
        h = mix(h, Arrays.hashCode(mapcount));
        h = mix(h, Arrays.hashCode(mapping));
        h = mix(h, Arrays.hashCode(nrPages));
        h = mix(h, Arrays.hashCode(populated));
        h = mix(h, sparse.hashCode());
        h = mix(h, pgmaps.hashCode());
        hash = h;
    }

    private static String canon(Map<Integer, ?> map) {
        Map<Integer, String> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(k, v instanceof int[] a ? Arrays.toString(a) : v == null ? "null"
                : v instanceof String || v instanceof Number ? v.toString() : v.getClass().getSimpleName() + ":" + v));
        return sorted.toString();
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0x100000001b3L;
        h ^= h >>> 29;
        return h;
    }

    static Snapshot of(Machine m) {
        return new Snapshot(m);
    }

    /** A 64-bit hash of the whole state. */
    public long hash() {
        return hash;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Snapshot s && s.hash == hash && Arrays.equals(s.flags, flags) && Arrays.equals(s.word1, word1)
                && Arrays.equals(s.refcount, refcount) && Arrays.equals(s.mapcount, mapcount)
                && Arrays.equals(s.mapping, mapping) && Arrays.equals(s.nrPages, nrPages)
                && Arrays.equals(s.populated, populated) && s.sparse.equals(sparse) && s.pgmaps.equals(pgmaps);
    }

    @Override public int hashCode() {
        return Long.hashCode(hash);
    }

    @Override public String toString() {
        return String.format("Snapshot[%016x]", hash);
    }
}
