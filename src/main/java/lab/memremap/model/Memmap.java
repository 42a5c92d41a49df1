package lab.memremap.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The struct pages of every device range, stored as a struct of arrays indexed by
 * {@code pfn - basePfn}, so that an 80 GiB pgmap (20,971,520 pages) fits in about 21 bytes a page.
 * Hot words are dense arrays; words that only some pages use (zone_device_data, share, private, the
 * folio fields that live in page[1] and page[2]) are sparse. Kernel code never touches this class
 * directly: it goes through the {@link Page} and {@link Folio} views.
 *
 * <p>Word numbering follows kernel-history.md §2.1 (mm_types.h of 6.19): word 0 flags, word 1 pgmap or
 * compound_head, word 2 zone_device_data (page[1]: _large_mapcount/_nr_pages_mapped, page[2]:
 * _deferred_list), word 3 mapping (page[1]: _entire_mapcount/_pincount), word 4 share, word 5 private,
 * word 6 _mapcount/_refcount, word 7 (page[1]) _nr_pages.
 */
@Source(file = "include/linux/mm_types.h", ref = "v6.19")
public final class Memmap {
    /** Start of the x86_64 vmemmap: struct page addresses shown in dumps are VMEMMAP_START + pfn * 64. */
    public static final long VMEMMAP_START = 0xffffea0000000000L;
    public static final int STRUCT_PAGE_SIZE = 64;
    /** Memory hotplug works in 2 MiB subsections; a struct page outside a populated one does not exist. */
    public static final int SUBSECTION_SHIFT = 9;

    public static final byte MAPPING_NULL = 0;
    public static final byte MAPPING_ANON = 1;
    /** TAIL_MAPPING poison written by prep_compound_tail(). */
    public static final byte MAPPING_TAIL = 2;
    public static final byte MAPPING_FILE = 3;
    /** Word 3 of page[1] holds _entire_mapcount and _pincount of a large folio instead of a mapping. */
    public static final byte MAPPING_FOLIO_FIELDS = 4;
    /** Word 3 of page[2] holds _deferred_list.prev of a large folio (order > 1) instead of a mapping. */
    public static final byte MAPPING_DEFERRED_LIST = 5;

    final long basePfn;
    int n;
    int[] flags;
    int[] word1;
    int[] refcount;
    /** Raw page->_mapcount: -1 means unmapped, as the kernel stores it. */
    int[] mapcount;
    byte[] mapping;
    /** Word 7 of each page: memcg_data (CONFIG_MEMCG), or _nr_pages when the page is page[1] of a large folio. */
    int[] nrPages;
    boolean[] populated;

    final Map<Integer, Object> word2 = new HashMap<>();
    final Map<Integer, int[]> word3Fields = new HashMap<>();
    final Map<Integer, Long> share = new HashMap<>();
    final Map<Integer, Long> privateWord = new HashMap<>();

    /** Set while a folio handed back to its driver is still in the kernel's hands (see Machine). */
    Machine.HandBack watch;

    Memmap(long basePfn) {
        this.basePfn = basePfn;
        grow(0);
    }

    /** Grows every array to {@code newSize} slots; all or nothing, so running out of heap leaves it as it was. */
    void grow(int newSize) {
        int old = n;
        int[] newFlags = Arrays.copyOf(flags == null ? new int[0] : flags, newSize);
        int[] newWord1 = Arrays.copyOf(word1 == null ? new int[0] : word1, newSize);
        int[] newRefcount = Arrays.copyOf(refcount == null ? new int[0] : refcount, newSize);
        int[] newMapcount = Arrays.copyOf(mapcount == null ? new int[0] : mapcount, newSize);
        byte[] newMapping = Arrays.copyOf(mapping == null ? new byte[0] : mapping, newSize);
        int[] newNrPages = Arrays.copyOf(nrPages == null ? new int[0] : nrPages, newSize);
        boolean[] newPopulated = Arrays.copyOf(populated == null ? new boolean[0] : populated, (newSize >> SUBSECTION_SHIFT) + 1);
        if (newSize > old) Arrays.fill(newMapcount, old, newSize, -1);
        n = newSize;
        flags = newFlags;
        word1 = newWord1;
        refcount = newRefcount;
        mapcount = newMapcount;
        mapping = newMapping;
        nrPages = newNrPages;
        populated = newPopulated;
    }

    public long basePfn() {
        return basePfn;
    }

    /** Number of struct page slots (populated or not). */
    public int size() {
        return n;
    }

    public boolean isPopulated(int idx) {
        return idx >= 0 && idx < n && populated[idx >> SUBSECTION_SHIFT];
    }

    public long pfn(int idx) {
        return basePfn + idx;
    }

    public long pageAddress(int idx) {
        return VMEMMAP_START + (basePfn + idx) * STRUCT_PAGE_SIZE;
    }

    /** Bytes held by the dense arrays, per struct page slot. */
    public double denseBytesPerPage() {
        long bytes = 4L * n * 5 + n + populated.length;
        return n == 0 ? 0 : (double) bytes / n;
    }

    /** Rough size of the sparse words (entries times an estimated 48 bytes per HashMap entry). */
    public long sparseBytes() {
        return 48L * (word2.size() + word3Fields.size() + share.size() + privateWord.size())
                + 16L * word3Fields.size();
    }

    // Word 1 encoding: a pgmap id shifted left (bit 0 clear), or head index << 1 | 1 for a tail.
    static int encodePgmap(int pgmapId) {
        return pgmapId << 1;
    }

    static int encodeTail(int headIdx) {
        return (headIdx << 1) | 1;
    }

    void touch(int idx) {
        if (watch != null) watch.touched(idx);
    }

    void setFlags(int idx, int v) {
        touch(idx);
        flags[idx] = v;
    }

    void setWord1(int idx, int v) {
        touch(idx);
        word1[idx] = v;
    }

    void setRefcount(int idx, int v) {
        touch(idx);
        refcount[idx] = v;
    }

    void setMapping(int idx, byte v) {
        if (mapping[idx] == MAPPING_FOLIO_FIELDS) word3Fields.remove(idx);
        mapping[idx] = v;
    }

    void setWord2(int idx, Object v) {
        if (v == null) word2.remove(idx);
        else word2.put(idx, v);
    }
}
