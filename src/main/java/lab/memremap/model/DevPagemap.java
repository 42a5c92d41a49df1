package lab.memremap.model;

import java.util.List;

/** struct dev_pagemap: one device memory range registered with memremap_pages(). */
@Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
public final class DevPagemap implements Displayable {
    /** Where a pgmap is in its life. */
    public enum State { NEW, LIVE, DYING, UNMAPPED }

    /** A pfn range [start, end). */
    public record Range(long start, long end) {
        public long pages() {
            return end - start;
        }

        public boolean contains(long pfn) {
            return pfn >= start && pfn < end;
        }
    }

    final Machine m;
    final int id;
    public final String name;
    public MemoryType type;
    public DevPagemapOps ops;
    public Object owner;
    public int vmemmap_shift;
    public final PercpuRef ref;
    public final Completion done;
    List<Range> ranges = List.of();
    State state = State.NEW;
    /** Pages the drivers say they have handed out and not taken back (for the ref-count invariant). */
    long handedOut;
    final boolean bogus;

    DevPagemap(Machine m, int id, String name, MemoryType type, DevPagemapOps ops, Object owner, boolean bogus,
               long address) {
        this.m = m;
        this.id = id;
        this.name = name;
        this.type = type;
        this.ops = ops;
        this.owner = owner;
        this.bogus = bogus;
        this.ref = new PercpuRef(m, name + "->ref", address, bogus);
        this.done = new Completion(name + "->done");
    }

    /** What {@code folio->pgmap} yields when word 1 holds a compound_head: a pointer into a struct page. */
    static DevPagemap bogus(Machine m, long address) {
        return new DevPagemap(m, -1, String.format("(struct dev_pagemap *)%016x", address), null, null, null,
                true, address);
    }

    /** Sets the pfn ranges a driver got from request_free_mem_region() (before memremap_pages). */
    public DevPagemap setRanges(List<Range> r) {
        if (state != State.NEW) throw new IllegalStateException("setRanges: " + name + " is already " + state);
        if (r.isEmpty()) throw new IllegalArgumentException("setRanges: " + name + " needs at least one range");
        for (Range x : r)
            if (x.end() <= x.start()) throw new IllegalArgumentException("setRanges: empty range " + x + " for " + name);
        this.ranges = List.copyOf(r);
        return this;
    }

    /** Driver bookkeeping: {@code nr} more pages handed out (positive) or taken back (negative). */
    public void noteHandedOut(long nr) {
        handedOut += nr;
    }

    public long handedOut() {
        return handedOut;
    }

    public boolean contains(long pfn) {
        for (int i = 0; i < ranges.size(); i++) if (ranges.get(i).contains(pfn)) return true;
        return false;
    }

    public boolean isBogus() {
        return bogus;
    }

    public int id() {
        return id;
    }

    public State state() {
        return state;
    }

    public List<Range> ranges() {
        return ranges;
    }

    public int nr_range() {
        return ranges.size();
    }

    /** The first pfn of the first range. */
    public long startPfn() {
        return ranges.get(0).start();
    }

    public long nrPages() {
        long n = 0;
        for (Range r : ranges) n += r.pages();   // a loop, not a stream: the invariant checks ask after every step
        return n;
    }

    /** The references memremap_pages() pre-takes for a type other than PRIVATE/COHERENT: pfn_len() summed, pages >> vmemmap_shift. */
    public long preTakenRefs() {
        long n = 0;
        for (Range r : ranges) n += r.pages() >> vmemmap_shift;
        return n;
    }

    /** The pgmap's address as dumps show it. */
    public long address() {
        return ref.address;
    }

    /** The struct page of pfn {@code startPfn() + offset}; the offset must lie within this pgmap's own ranges. */
    public Page page(long offset) {
        long pfn = startPfn() + offset;
        if (offset < 0 || !contains(pfn))
            throw new IndexOutOfBoundsException(String.format("DevPagemap.page: offset %d (pfn 0x%x) is outside %s,"
                    + " whose %d pages are pfn 0x%x-0x%x", offset, pfn, name, nrPages(), startPfn(),
                    ranges.get(ranges.size() - 1).end() - 1));
        return m.pfn_to_page(pfn);
    }

    @Override public String toString() {
        return bogus ? name : name + " [" + type + ", " + state + ", ref " + ref.count + "]";
    }

    @Override public String toText() {
        StringBuilder sb = new StringBuilder(toString());
        for (Range r : ranges) sb.append(String.format("%n  range pfn 0x%x-0x%x (%d pages)", r.start, r.end - 1, r.pages()));
        sb.append("\n  ").append(ref);
        return sb.toString();
    }

    @Override public String toHtml() {
        return "<pre>" + Html.escape(toText()) + "</pre>";
    }
}
