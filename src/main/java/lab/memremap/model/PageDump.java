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

    /** dump_page(): the kernel's lines for the page at {@code idx}, ending with "page dumped because". */
    static String dumpPage(Machine m, int idx, String reason) {
        Memmap mm = m.memmap;
        StringBuilder sb = new StringBuilder();
        int w1 = mm.word1[idx];
        int head = (w1 & 1) != 0 ? w1 >>> 1 : idx;
        boolean large = (mm.flags[head] & (1 << PageFlagBits.PG_head)) != 0;
        sb.append(String.format("page: refcount:%d mapcount:%d mapping:%016x index:0x0 pfn:0x%x%n",
                mm.refcount[head], mm.mapcount[idx] + 1, mappingValue(mm.mapping[head]), mm.pfn(idx)));
        if (large && head + 1 < mm.n) {
            Folio f = new Folio(m, head);
            sb.append(String.format("head: order:%d mapcount:%d entire_mapcount:%d nr_pages_mapped:%d pincount:%d%n",
                    mm.flags[head + 1] & 0xff, f._large_mapcount() + 1, f._entire_mapcount() + 1, f._nr_pages_mapped(),
                    f._pincount()));
        }
        // CONFIG_MEMCG: "memcg:%lx" when folio->memcg_data is set (mm/debug.c __dump_folio()).
        if (m.config.memcg && mm.nrPages[head] != 0)
            sb.append(String.format("memcg:%x%n", OBJCG_ADDRESS + (mm.nrPages[head] & 0xffffffffL) * 0x40));
        if (head != idx) sb.append(String.format("head: pfn:0x%x (this page is a tail)%n", mm.pfn(head)));
        int flags = mm.flags[head];
        String names = PageFlagBits.names(flags & 0xffff);
        sb.append(String.format("flags: 0x%x(%szone=%d)%n", flags, names.isEmpty() ? "" : names + "|",
                PageFlagBits.zone(flags)));
        sb.append(String.format("raw: %016x %016x %016x %016x%n", flags & 0xffffffffL, m.word1Address(w1),
                mm.word2.containsKey(idx) ? 0xffff888400000000L : 0, mappingValue(mm.mapping[idx])));
        sb.append(String.format("raw: %016x %016x %08x%08x%n", 0L, 0L, mm.refcount[idx], mm.mapcount[idx]));
        sb.append("page dumped because: ").append(reason);
        return sb.toString();
    }

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
