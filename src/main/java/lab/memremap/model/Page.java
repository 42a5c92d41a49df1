package lab.memremap.model;

/** {@code struct page *}: one base page of device memory. */
public final class Page extends StructPage {
    Page(Machine m, int idx) {
        super(m, idx);
    }

    /** {@code page + i}: the struct page i slots further on (no bounds check, as in C). */
    public Page add(long i) {
        return new Page(m, Math.toIntExact(idx + i));
    }

    /** {@code page - i}. */
    public Page sub(long i) {
        return add(-i);
    }

    /** {@code (struct folio *)page}: the same memory viewed as a folio, without any check. */
    public Folio as_folio() {
        return new Folio(m, idx);
    }

    /** Pre-6.15 {@code page->pgmap}: this page's own word 1. */
    public DevPagemap pgmap() {
        return readPgmapWord("page->pgmap");
    }

    @Override public String toString() {
        return String.format("page(pfn 0x%x)", pfn());
    }
}
