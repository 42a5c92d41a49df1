package lab.memremap.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model's struct pages written the way our kernel probe (src/kernel-probe/memremap_probe.c,
 * probe_describe) prints a real kernel's: one line per page of a pgmap, words decoded and every address
 * replaced by a label ("pgmap:NAME", "tail:+N", "&amp;+N.wK", "TAIL_MAPPING", "ptr"), so that a golden
 * trace and a model run can be compared field by field. The rules here and in the C file are the same
 * rules; change both together.
 */
@Source(file = "src/kernel-probe/memremap_probe.c", ref = "memremap-lab", note = "the probe's dump format")
public final class ProbeDump {
    private ProbeDump() {}

    /** {@code "pgmap NAME ref=N mode=M"}, as probe_dump_ref prints the pgmap's percpu_ref. */
    public static String refLine(String name, DevPagemap pgmap) {
        PercpuRef r = pgmap.ref;
        String mode = r.exited ? "exited" : r.dead ? "dead" : r.mode == PercpuRef.Mode.PERCPU ? "percpu" : "atomic";
        return "pgmap " + name + " ref=" + r.count + " mode=" + mode;
    }

    /**
     * The lines probe_dump prints for one pgmap after a step: the ref line, then (while the memmap
     * exists) one line per page, runs of identical lines folded into "+A..+B".
     */
    public static List<String> dump(Machine m, String name, DevPagemap pgmap, Map<DevPagemap, String> names) {
        List<String> out = new ArrayList<>();
        out.add(refLine(name, pgmap));
        if (pgmap.state == DevPagemap.State.UNMAPPED || pgmap.ranges.isEmpty()) return out;
        pages(m, Math.toIntExact(pgmap.startPfn() - m.memmap.basePfn), Math.toIntExact(pgmap.nrPages()), names, out);
        return out;
    }

    /**
     * What probe_dump_window prints for a folio of a dmirror driver: {@code "pgmap LABEL ref=N mode=M"} for
     * the pgmap that holds {@code first}, then the {@code nr} pages from {@code first}, offsets and labels
     * counted from {@code first}.
     */
    public static List<String> window(Machine m, String label, Page first, int nr, Map<DevPagemap, String> names) {
        DevPagemap pgmap = m.pgmapOfPfn(first.pfn());
        if (pgmap == null) throw new IllegalArgumentException("ProbeDump.window: pfn 0x" + Long.toHexString(first.pfn()) + " is in no pgmap");
        if (!pgmap.contains(first.pfn() + nr - 1))
            throw new IllegalArgumentException("ProbeDump.window: " + nr + " pages from pfn 0x" + Long.toHexString(first.pfn()) + " leave its pgmap");
        List<String> out = new ArrayList<>();
        out.add(refLine(label, pgmap));
        pages(m, Math.toIntExact(first.pfn() - m.memmap.basePfn), nr, names, out);
        return out;
    }

    private static void pages(Machine m, int base, int nr, Map<DevPagemap, String> names, List<String> out) {
        String next = nr > 0 ? describe(m, base, nr, 0, names) : null;
        for (int i = 0, j; i < nr; i = j) {
            String cur = next;
            for (j = i + 1; j < nr && (next = describe(m, base, nr, j, names)).equals(cur); j++) { }
            out.add((j - i > 1 ? "+" + i + "..+" + (j - 1) : "+" + i) + " " + cur);
        }
    }

    /** One page, as probe_describe prints it (without the leading "+N"). */
    static String describe(Machine m, int base, int nr, int off, Map<DevPagemap, String> names) {
        Memmap mm = m.memmap;
        int idx = base + off;
        int w1 = mm.word1[idx];
        boolean tail = (w1 & 1) != 0;
        int head = tail ? w1 >>> 1 : idx;
        boolean page1 = tail && head == idx - 1;
        boolean page2 = tail && head == idx - 2;
        StringBuilder sb = new StringBuilder();
        int flags = mm.flags[idx];
        sb.append("flags=").append(flagNames(flags, page1 ? 8 : 0));
        if (page1) sb.append(" order=").append(flags & 0xff);
        sb.append(" zone=").append(PageFlagBits.zone(flags) == PageFlagBits.ZONE_DEVICE ? "Device" : "other");
        sb.append(" w1=").append(word1(m, base, w1, names));
        if (page1) {
            long w2 = word2Raw(mm, idx);
            long w3 = word3Raw(mm, idx);
            sb.append(" _large_mapcount=").append((int) w2).append(" _nr_pages_mapped=").append((int) (w2 >>> 32));
            sb.append(" _entire_mapcount=").append((int) w3).append(" _pincount=").append((int) (w3 >>> 32));
            if (m.config.mmId) {
                long w4 = mm.share.getOrDefault(idx, 0L);
                sb.append(" _mm_id_mapcount=").append((int) w4).append(',').append((int) (w4 >>> 32));
                sb.append(" _mm_ids=").append(mmIds(mm.privateWord.getOrDefault(idx, 0L)));
            }
            sb.append(" ref=").append(mm.refcount[idx]).append(" map=").append(mm.mapcount[idx]);
            sb.append(" _nr_pages=").append(Integer.toUnsignedString(mm.nrPages[idx]));
            return sb.toString();
        }
        if (page2 && mm.word2.get(idx) == DeferredSplitQueue.EMPTY_LIST && mm.mapping[idx] == Memmap.MAPPING_DEFERRED_LIST) {
            sb.append(" _deferred_list=empty");
        } else {
            sb.append(" w2=").append(word2(m, base, nr, idx, off));
            sb.append(" w3=").append(word3(mm, idx, off));
        }
        sb.append(" w4=").append(hex(mm.share.getOrDefault(idx, 0L)));
        sb.append(" w5=").append(hex(mm.privateWord.getOrDefault(idx, 0L)));
        sb.append(" ref=").append(mm.refcount[idx]).append(" map=").append(mm.mapcount[idx]);
        // A head's (or order-0 page's) word 7 is memcg_data, a pointer to the memcg: the probe prints "ptr".
        long w7 = mm.nrPages[idx] & 0xffffffffL;
        sb.append(" w7=").append(!tail && w7 != 0 ? "ptr" : hex(w7));
        return sb.toString();
    }

    /** The set flag bits from {@code from} up, by name ("bitN" for a bit the model has no name for), or "-". */
    static String flagNames(int flags, int from) {
        List<String> out = new ArrayList<>();
        for (int bit = from; bit < PageFlagBits.ZONES_PGSHIFT; bit++) {
            if ((flags & (1 << bit)) == 0) continue;
            String name = PageFlagBits.names(1 << bit);
            out.add(name.isEmpty() ? "bit" + bit : name);
        }
        return out.isEmpty() ? "-" : String.join("|", out);
    }

    private static String word1(Machine m, int base, int w1, Map<DevPagemap, String> names) {
        if (w1 == 0) return "0";
        if ((w1 & 1) != 0) {
            int head = w1 >>> 1;
            return head >= base ? "tail:+" + (head - base) : "tail:?";
        }
        DevPagemap p = m.pgmapById(w1 >>> 1);
        String name = names.get(p);
        return name != null ? "pgmap:" + name : "ptr";
    }

    /** Word 2 as a number where it holds numbers (page[1]'s mapcounts); 0 when empty. */
    private static long word2Raw(Memmap mm, int idx) {
        Object o = mm.word2.get(idx);
        return o instanceof int[] a && a.length == 2 ? pack(a[0], a[1]) : 0;
    }

    private static long word3Raw(Memmap mm, int idx) {
        if (mm.mapping[idx] == Memmap.MAPPING_FOLIO_FIELDS) {
            int[] a = mm.word3Fields.get(idx);
            return pack(a[0], a[1]);
        }
        return mm.mapping[idx] == Memmap.MAPPING_TAIL ? PageDump.TAIL_MAPPING : 0;
    }

    private static String word2(Machine m, int base, int nr, int idx, int off) {
        Object o = m.memmap.word2.get(idx);
        if (o == null) return "0";
        if (o instanceof int[] a && a.length == 2) return hex(pack(a[0], a[1]));
        if (o == DeferredSplitQueue.EMPTY_LIST) return "&+" + off + ".w2";   // a list head points at itself
        if (o instanceof StructPage p) {                                   // a driver's link to a page
            long at = p.pfn() - m.memmap.basePfn - base;
            return at >= 0 && at < nr ? "&+" + at + ".w0" : "page";
        }
        if (o instanceof SystemRamPage) return "page";
        return "ptr";
    }

    private static String word3(Memmap mm, int idx, int off) {
        return switch (mm.mapping[idx]) {
            case Memmap.MAPPING_NULL -> "0";
            case Memmap.MAPPING_TAIL -> "TAIL_MAPPING";
            case Memmap.MAPPING_FOLIO_FIELDS -> hex(word3Raw(mm, idx));
            case Memmap.MAPPING_DEFERRED_LIST -> "&+" + off + ".w2";       // _deferred_list.prev
            default -> "ptr";                                            // anon_vma | 1, address_space
        };
    }

    /**
     * _mm_ids as probe_mm_ids prints it: each slot "mm" (an mm's id) or "0" (MM_ID_DUMMY), then "|shared"
     * and "|locked" for FOLIO_MM_IDS_SHARED_BIT (63) and FOLIO_MM_IDS_LOCK_BIT (31). An mm's id is a
     * number the boot hands out, so it is not traced.
     */
    static String mmIds(long w) {
        return ((w & 0x7fffffffL) != 0 ? "mm" : "0") + "," + (((w >>> 32) & 0x7fffffffL) != 0 ? "mm" : "0")
                + (w < 0 ? "|shared" : "") + ((w & 0x80000000L) != 0 ? "|locked" : "");
    }

    private static long pack(int lo, int hi) {
        return (lo & 0xffffffffL) | ((long) hi << 32);
    }

    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
