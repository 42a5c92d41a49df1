package lab.memremap.driver;

/**
 * A driver's record of one range it handed out: where (pgmap index in the driver's numbering, offset
 * in pages from the start of that pgmap), at which order, through which entry point, whether the
 * driver still holds its reference, and how the simulated process maps it. The explorer's search state
 * is made of these records.
 */
public record Allocation(int pgmap, int offset, int order, boolean legacy, Held held, Mapped mapped) {
    /** Whether the driver still holds the reference that init gave it. */
    public enum Held {
        /** The driver (or the mapping it set up) holds the folio. */
        HELD,
        /** The driver dropped its reference; the range returns when the kernel calls the free callback. */
        RELEASED
    }

    /** How the folio is mapped into the simulated process. */
    public enum Mapped {
        NONE, PMD, PTES,
        /** The first half by PTEs (the second half was unmapped). */
        FIRST_HALF,
        /** Some other part (a scenario's munmap of any range); the page words say which pages. */
        PARTIAL
    }

    public int pages() {
        return 1 << order;
    }

    public boolean overlaps(int off, int nr) {
        return off < offset + pages() && offset < off + nr;
    }

    public Allocation with(Held h) {
        return new Allocation(pgmap, offset, order, legacy, h, mapped);
    }

    public Allocation with(Mapped m) {
        return new Allocation(pgmap, offset, order, legacy, held, m);
    }
}
