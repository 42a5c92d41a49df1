package lab.memremap.explore;

/**
 * The conforming driver's record of one range it handed out: where (offset in pages from the start
 * of its pgmap), at which order, through which entry point, whether the driver still holds its
 * reference, and how the range is mapped into the simulated process.
 */
public record Allocation(int pgmap, int offset, int order, boolean legacy, Held held, Mapped mapped) {
    /** Whether the driver still holds the reference that init gave it. */
    public enum Held {
        /** The driver (or the mapping it set up) holds the folio. */
        HELD,
        /** The driver dropped its reference; the range returns when the kernel calls folio_free. */
        RELEASED
    }

    /** How the folio is mapped into the simulated process. */
    public enum Mapped { NONE, PMD, PTES, FIRST_HALF }

    public int pages() {
        return 1 << order;
    }

    public boolean overlaps(int off, int nr) {
        return off < offset + pages() && offset < off + nr;
    }

    Allocation with(Held h) {
        return new Allocation(pgmap, offset, order, legacy, h, mapped);
    }

    Allocation with(Mapped m) {
        return new Allocation(pgmap, offset, order, legacy, held, m);
    }
}
