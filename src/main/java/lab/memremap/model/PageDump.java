package lab.memremap.model;

/** Text and HTML forms of struct pages: dump_page() as the kernel prints it, and a word-by-word view. */
public final class PageDump {
    private PageDump() {}

    /** TAIL_MAPPING: (void *)0x400 + POISON_POINTER_DELTA on x86_64. */
    public static final long TAIL_MAPPING = 0xdead000000000400L;
    /** Where the model's one obj_cgroup lives: what memcg_data holds when a folio is charged. */
    static final long OBJCG_ADDRESS = 0xffff888500000000L;
    private static final long ANON_VMA = 0xffff888200000001L;
    private static final long ADDRESS_SPACE = 0xffff888300000000L;

    static long mappingValue(byte code) {
        return switch (code) {
            case Memmap.MAPPING_ANON -> ANON_VMA;
            case Memmap.MAPPING_TAIL -> TAIL_MAPPING;
            case Memmap.MAPPING_FILE -> ADDRESS_SPACE;
            case Memmap.MAPPING_FOLIO_FIELDS -> 0xffffffffL;
            case Memmap.MAPPING_DEFERRED_LIST -> 0xffffea0000000000L;
            default -> 0;
        };
    }

    static String mappingName(byte code) {
        return switch (code) {
            case Memmap.MAPPING_NULL -> "NULL";
            case Memmap.MAPPING_ANON -> "anon";
            case Memmap.MAPPING_TAIL -> "TAIL_MAPPING";
            case Memmap.MAPPING_FILE -> "file";
            case Memmap.MAPPING_DEFERRED_LIST -> "_deferred_list.prev";
            default -> "_entire_mapcount/_pincount";
        };
    }

    /**
     * dump_page() as __dump_folio() (mm/debug.c) prints it: "page: refcount mapcount mapping index pfn"
     * (mapping is folio_mapping(), NULL for an anon folio), "head: order ..." for a large folio,
     * "memcg:" when charged, "[anon ]flags: %pGp" with the names in the kernel's table order and the
     * node/zone/lastcpupid fields, the struct page as two "raw:" lines of four words, for a large
     * folio its first two struct pages as four "head:" lines, then "page dumped because:".
     */
    static String dumpPage(Machine m, int idx, String reason) {
        Memmap mm = m.memmap;
        StringBuilder sb = new StringBuilder();
        int w1 = mm.word1[idx];
        int head = (w1 & 1) != 0 ? w1 >>> 1 : idx;
        boolean large = (mm.flags[head] & (1 << PageFlagBits.PG_head)) != 0 && head + 1 < mm.n;
        boolean anon = mm.mapping[head] == Memmap.MAPPING_ANON;
        long mapping = anon ? 0 : mappingValue(mm.mapping[head]);
        sb.append(String.format("page: refcount:%d mapcount:%d mapping:%016x index:%#x pfn:%#x%n",
                mm.refcount[head], mm.mapcount[idx] + 1, mapping, idx - head, mm.pfn(idx)));
        if (large) {
            Folio f = new Folio(m, head);
            int order = mm.flags[head + 1] & 0xff;
            int mapcount = f._large_mapcount() + 1;
            sb.append(String.format("head: order:%d mapcount:%d entire_mapcount:%d nr_pages_mapped:%d pincount:%d%n",
                    order, mapcount, f._entire_mapcount() + 1, f._nr_pages_mapped() & Rmap.FOLIO_PAGES_MAPPED, f._pincount()));
        }
        if (m.config.memcg && mm.nrPages[head] != 0)
            sb.append(String.format("memcg:%x%n", memcgValue(mm.nrPages[head])));
        int flags = mm.flags[head];
        String names = PageFlagBits.names(flags & 0xffff);
        sb.append(String.format("%sflags: %#x(%snode=0|zone=%d|lastcpupid=0x1fffff)%n", anon ? "anon " : "", flags,
                names.isEmpty() ? "" : names + "|", PageFlagBits.zone(flags)));
        long[] words = words(m, idx);
        sb.append(String.format("raw: %016x %016x %016x %016x%n", words[0], words[1], words[2], words[3]));
        sb.append(String.format("raw: %016x %016x %016x %016x%n", words[4], words[5], words[6], words[7]));
        if (large)
            for (int p = head; p <= head + 1; p++) {
                long[] w = words(m, p);
                sb.append(String.format("head: %016x %016x %016x %016x%n", w[0], w[1], w[2], w[3]));
                sb.append(String.format("head: %016x %016x %016x %016x%n", w[4], w[5], w[6], w[7]));
            }
        sb.append("page dumped because: ").append(reason);
        return sb.toString();
    }

    /** memcg_data as the kernel would hold it: the obj_cgroup pointer of the model's one memcg. */
    static long memcgValue(int word7) {
        return OBJCG_ADDRESS + (word7 & 0xffffffffL) * 0x40;
    }

    /** The eight words of the struct page at {@code idx}, as print_hex_dump() shows them (64-bit, little-endian). */
    static long[] words(Machine m, int idx) {
        Memmap mm = m.memmap;
        long[] w = new long[8];
        w[0] = mm.flags[idx] & 0xffffffffL;
        w[1] = m.word1Address(mm.word1[idx]);
        Object w2 = mm.word2.get(idx);
        if (w2 instanceof int[] a && a.length == 2) w[2] = ((long) a[1] << 32) | (a[0] & 0xffffffffL);
        else if (w2 == DeferredSplitQueue.EMPTY_LIST) w[2] = mm.pageAddress(idx) + 16;
        else if (w2 == DeferredSplitQueue.ON_QUEUE) w[2] = DEFERRED_SPLIT_QUEUE;
        else if (w2 != null) w[2] = 0xffff888400000000L;
        if (mm.mapping[idx] == Memmap.MAPPING_FOLIO_FIELDS && mm.word3Fields.containsKey(idx)) {
            int[] a = mm.word3Fields.get(idx);
            w[3] = ((long) a[1] << 32) | (a[0] & 0xffffffffL);
        } else if (mm.mapping[idx] == Memmap.MAPPING_DEFERRED_LIST) {
            w[3] = w2 == DeferredSplitQueue.ON_QUEUE ? DEFERRED_SPLIT_QUEUE : mm.pageAddress(idx) + 16;
        } else {
            w[3] = mappingValue(mm.mapping[idx]);
        }
        w[4] = mm.share.getOrDefault(idx, 0L);
        w[5] = mm.privateWord.getOrDefault(idx, 0L);
        w[6] = ((long) mm.refcount[idx] << 32) | (mm.mapcount[idx] & 0xffffffffL);
        boolean page1 = (mm.word1[idx] & 1) != 0 && (mm.word1[idx] >>> 1) == idx - 1;
        w[7] = page1 || mm.nrPages[idx] == 0 ? mm.nrPages[idx] & 0xffffffffL : memcgValue(mm.nrPages[idx]);
        return w;
    }

    /** The deferred split queue's list head, where a queued folio's _deferred_list points. */
    private static final long DEFERRED_SPLIT_QUEUE = 0xffff888600000000L;

    /** A word-by-word listing of one struct page, for readers. */
    static String dump(Machine m, int idx) {
        Memmap mm = m.memmap;
        if (!mm.isPopulated(idx)) return String.format("struct page of pfn 0x%x: not populated", mm.pfn(idx));
        int flags = mm.flags[idx];
        int w1 = mm.word1[idx];
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("struct page pfn 0x%x @%016x%n", mm.pfn(idx), mm.pageAddress(idx)));
        sb.append(String.format("  w0 flags            0x%08x low byte 0x%02x (%s) zone=%s%n", flags, flags & 0xff,
                PageFlagBits.names(flags & 0xffff), PageFlagBits.zoneName(PageFlagBits.zone(flags))));
        sb.append(String.format("  w1 %-16s %016x%s%n", (w1 & 1) != 0 ? "compound_head" : "pgmap",
                m.word1Address(w1), describeWord1(m, w1)));
        Object w2 = mm.word2.get(idx);
        sb.append(String.format("  w2 %-16s %s%n", "word 2", w2 == null ? "0" : w2 instanceof int[] a
                ? "_large_mapcount=" + a[0] + " _nr_pages_mapped=" + a[1] : String.valueOf(w2)));
        sb.append(String.format("  w3 mapping         %s%n", mm.mapping[idx] == Memmap.MAPPING_FOLIO_FIELDS
                ? "_entire_mapcount=" + mm.word3Fields.get(idx)[0] + " _pincount=" + mm.word3Fields.get(idx)[1]
                : mappingName(mm.mapping[idx])));
        sb.append(String.format("  w4 share           %d%n", mm.share.getOrDefault(idx, 0L)));
        sb.append(String.format("  w5 private         %d%n", mm.privateWord.getOrDefault(idx, 0L)));
        sb.append(String.format("  w6 _refcount       %d   _mapcount %d%n", mm.refcount[idx], mm.mapcount[idx]));
        // Word 7 is memcg_data, except in page[1] of a large folio, where it is the folio's _nr_pages.
        boolean page1 = (w1 & 1) != 0 && (w1 >>> 1) == idx - 1;
        sb.append(String.format("  w7 %-15s %d", page1 ? "_nr_pages" : "memcg_data", mm.nrPages[idx]));
        return sb.toString();
    }

    private static String describeWord1(Machine m, int w1) {
        if (w1 == 0) return " (NULL)";
        if ((w1 & 1) != 0) return String.format(" (tail of pfn 0x%x)", m.memmap.pfn(w1 >>> 1));
        return " (" + m.pgmapById(w1 >>> 1).name + ")";
    }

    static String html(Machine m, int idx) {
        return "<pre>" + Html.escape(dump(m, idx)) + "</pre>";
    }
}
