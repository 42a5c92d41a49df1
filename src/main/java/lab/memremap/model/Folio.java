package lab.memremap.model;

/**
 * {@code struct folio *}: an overlay on the first struct pages of a (possibly compound) page. The
 * fields that live in page[1] and page[2] (order, _nr_pages, the mapcounts, the deferred list) are
 * read from and written to those pages' words, so stale values really alias other fields.
 */
public final class Folio extends StructPage {
    Folio(Machine m, int idx) {
        super(m, idx);
    }

    /** {@code &folio->page}. */
    public Page page() {
        return new Page(m, idx);
    }

    /** {@code folio->pgmap}, read from word 1 of the head (a kernel step: another CPU may run first). */
    public DevPagemap pgmap() {
        m.step("folio->pgmap");
        return readPgmapWord("folio->pgmap");
    }

    private Page tail(int n) {
        return new Page(m, idx + n);
    }

    /** {@code folio->_flags_1}: page[1]'s flags word; its low byte is the order. */
    public int _flags_1() {
        return tail(1).flags();
    }

    public void set__flags_1(int v) {
        tail(1).set_flags(v);
    }

    /** {@code folio->_nr_pages}: word 7 of page[1]. */
    public int _nr_pages() {
        return mm.nrPages[tail(1).at("_nr_pages")];
    }

    public void set__nr_pages(int v) {
        int i = tail(1).atW("_nr_pages");
        mm.touch(i);
        mm.nrPages[i] = v;
    }

    /**
     * {@code folio->memcg_data} (CONFIG_MEMCG): word 7 of the head page, which page[1] of a large folio
     * uses as _nr_pages. 0 = not charged; the model writes {@link Memcontrol#OBJCG} when charging.
     */
    public int memcg_data() {
        return mm.nrPages[at("memcg_data")];
    }

    public void set_memcg_data(int v) {
        int i = atW("memcg_data");
        mm.touch(i);
        mm.nrPages[i] = v;
    }

    /** Word 2 of page[1]: {_large_mapcount, _nr_pages_mapped}, or whatever else was written there. */
    private int[] page1Word2() {
        Object o = mm.word2.get(tail(1).at("_large_mapcount"));
        return o instanceof int[] a && a.length == 2 ? a : null;
    }

    /** Raw _large_mapcount (-1 = unmapped); garbage reads as 0 once a driver pointer overwrote it. */
    public int _large_mapcount() {
        int[] a = page1Word2();
        return a == null ? 0 : a[0];
    }

    public int _nr_pages_mapped() {
        int[] a = page1Word2();
        return a == null ? 0 : a[1];
    }

    public void set__large_mapcount(int v) {
        int[] a = page1Word2();
        mm.setWord2(idx + 1, new int[] {v, a == null ? 0 : a[1]});
    }

    public void set__nr_pages_mapped(int v) {
        int[] a = page1Word2();
        mm.setWord2(idx + 1, new int[] {a == null ? 0 : a[0], v});
    }

    /** Word 3 of page[1]: {_entire_mapcount, _pincount} in place of page[1]'s mapping. */
    private int[] page1Word3() {
        int i = tail(1).at("_entire_mapcount");
        return mm.mapping[i] == Memmap.MAPPING_FOLIO_FIELDS ? mm.word3Fields.get(i) : null;
    }

    public int _entire_mapcount() {
        int[] a = page1Word3();
        return a == null ? 0 : a[0];
    }

    public int _pincount() {
        int[] a = page1Word3();
        return a == null ? 0 : a[1];
    }

    public void set__entire_mapcount(int v) {
        writePage1Word3(v, _pincount());
    }

    public void set__pincount(int v) {
        writePage1Word3(_entire_mapcount(), v);
    }

    private void writePage1Word3(int entire, int pin) {
        int i = tail(1).atW("_entire_mapcount");
        mm.mapping[i] = Memmap.MAPPING_FOLIO_FIELDS;
        mm.word3Fields.put(i, new int[] {entire, pin});
    }

    /**
     * {@code folio->_mm_id_mapcount[i]} (CONFIG_MM_ID): two 32-bit counts in word 4 of page[1], where a
     * page keeps index/share; {@code _mm_ids} is word 5, where a page keeps private.
     */
    public int _mm_id_mapcount(int i) {
        long w = tail(1).share();
        return (int) (i == 0 ? w : w >>> 32);
    }

    public void set__mm_id_mapcount(int i, int v) {
        if (i != 0 && i != 1) throw new IllegalArgumentException("_mm_id_mapcount: index " + i + " is not 0 or 1");
        long w = tail(1).share();
        long lo = i == 0 ? v & 0xffffffffL : w & 0xffffffffL;
        long hi = i == 1 ? (long) v << 32 : w & 0xffffffff00000000L;
        tail(1).set_share(lo | hi);
    }

    public long _mm_ids() {
        return tail(1).private_word();
    }

    public void set__mm_ids(long v) {
        tail(1).set_private_word(v);
    }

    /** Words 2-3 of page[2] hold _deferred_list; INIT_LIST_HEAD makes it point at itself (over page[2]'s mapping). */
    public void init_deferred_list() {
        int i = tail(2).atW("_deferred_list");
        mm.setWord2(i, DeferredSplitQueue.EMPTY_LIST);
        mm.setMapping(i, Memmap.MAPPING_DEFERRED_LIST);
    }

    public Object _deferred_list() {
        return mm.word2.get(tail(2).at("_deferred_list"));
    }

    void set__deferred_list(Object v) {
        mm.setWord2(tail(2).atW("_deferred_list"), v);
    }

    @Override public String toString() {
        return String.format("folio(pfn 0x%x)", pfn());
    }

    /** The folio as a reader wants it: its summary, then the words of page[0] (and page[1], page[2] if large). */
    @Override public String toText() {
        if (!mm.isPopulated(idx)) return super.toText();
        boolean large = m.folio_test_large(this);
        StringBuilder sb = new StringBuilder(String.format("folio pfn 0x%x: order %d, %d page(s), refcount %d, mapcount %d, %s%n",
                pfn(), m.folio_order(this), m.folio_nr_pages(this), _refcount(), m.folio_mapcount(this),
                word1_is_tail() ? "word 1 is a TAIL encoding: this is not a folio head" : "pgmap " + readPgmapWord("pgmap").name));
        sb.append(PageDump.dump(m, idx));
        if (large) {
            sb.append('\n').append(PageDump.dump(m, idx + 1));
            if (m.folio_order(this) > 1) sb.append('\n').append(PageDump.dump(m, idx + 2));
        }
        return sb.toString();
    }

    @Override public String toHtml() {
        return "<pre>" + Html.escape(toText()) + "</pre>";
    }
}
