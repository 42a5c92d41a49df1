package lab.memremap.model;

/**
 * A view of one struct page slot of the memmap: what {@code struct page *} or {@code struct folio *}
 * points at. Views are cheap values (machine + index); equality is identity of the slot, as pointer
 * equality is in C. Field accessors keep the kernel's field names.
 */
public abstract class StructPage implements Displayable {
    final Machine m;
    final Memmap mm;
    final int idx;

    StructPage(Machine m, int idx) {
        this.m = m;
        this.mm = m.memmap;
        this.idx = idx;
    }

    /** The slot index inside the model's memmap (pfn - basePfn). */
    public int index() {
        return idx;
    }

    public long pfn() {
        return mm.pfn(idx);
    }

    /** The address this struct page would have in the vmemmap. */
    public long address() {
        return mm.pageAddress(idx);
    }

    public Machine machine() {
        return m;
    }

    /** The slot for a read of field {@code what}: a struct page outside every memmap faults (read access). */
    final int at(String what) {
        if (!mm.isPopulated(idx)) m.unpopulated(idx, what, false);
        m.checkRead(idx, what);
        return idx;
    }

    /** The slot for a write of field {@code what}: a struct page outside every memmap faults (write access). */
    final int atW(String what) {
        m.storeStep(what);
        if (!mm.isPopulated(idx)) m.unpopulated(idx, what, true);
        m.checkRead(idx, what);
        return idx;
    }

    // word 0
    public int flags() {
        return mm.flags[at("flags")];
    }

    public void set_flags(int v) {
        mm.setFlags(atW("flags"), v);
    }

    public boolean test_bit(int bit) {
        return (flags() & (1 << bit)) != 0;
    }

    public void set_bit(int bit) {
        set_flags(flags() | (1 << bit));
    }

    public void clear_bit(int bit) {
        set_flags(flags() & ~(1 << bit));
    }

    // word 1, raw
    /** Word 1 as the kernel would see it: a pgmap address, compound_head (head address + 1), or 0. */
    public long word1() {
        return m.word1Address(mm.word1[at("compound_head")]);
    }

    /** Bit 0 of word 1: this page is a tail. */
    public boolean word1_is_tail() {
        return (mm.word1[at("compound_head")] & 1) != 0;
    }

    // word 3
    public byte mapping() {
        return mm.mapping[at("mapping")];
    }

    public void set_mapping(byte v) {
        mm.setMapping(atW("mapping"), v);
    }

    // word 4
    public long share() {
        return mm.share.getOrDefault(at("share"), 0L);
    }

    public void set_share(long v) {
        mm.share.put(atW("share"), v);
    }

    // word 5
    public long private_word() {
        return mm.privateWord.getOrDefault(at("private"), 0L);
    }

    public void set_private_word(long v) {
        mm.privateWord.put(atW("private"), v);
    }

    // word 6
    /** Raw _refcount of this struct page. */
    public int _refcount() {
        return mm.refcount[at("_refcount")];
    }

    /** Raw _mapcount (-1 = unmapped). */
    public int _mapcount() {
        return mm.mapcount[at("_mapcount")];
    }

    public void set__mapcount(int v) {
        mm.mapcount[atW("_mapcount")] = v;
    }

    /** Word 2 of this page as driver data (zone_device_data of an order-0 view). */
    public Object zone_device_data() {
        return mm.word2.get(at("zone_device_data"));
    }

    public void set_zone_device_data(Object v) {
        mm.setWord2(atW("zone_device_data"), v);
    }

    /** Write a pgmap into word 1: `page->pgmap = pgmap`, which also wipes a tail encoding. */
    public void set_pgmap(DevPagemap pgmap) {
        mm.setWord1(atW("pgmap"), pgmap == null ? 0 : Memmap.encodePgmap(pgmap.id));
    }

    /**
     * Word 1 read as {@code page->pgmap} (the pre-6.15 field, or folio->pgmap when this is a head).
     * A tail encoding read as a pointer yields a bogus pgmap whose ref lies inside a struct page.
     */
    DevPagemap readPgmapWord(String what) {
        int w = mm.word1[at(what)];
        if (w == 0) return null;
        if ((w & 1) != 0) return DevPagemap.bogus(m, m.word1Address(w));
        return m.pgmapById(w >>> 1);
    }

    @Override public boolean equals(Object o) {
        return o instanceof StructPage p && p.m == m && p.idx == idx && p.getClass() == getClass();
    }

    @Override public int hashCode() {
        return idx;
    }

    @Override public String toText() {
        return PageDump.dump(m, idx);
    }

    @Override public String toHtml() {
        return PageDump.html(m, idx);
    }
}
