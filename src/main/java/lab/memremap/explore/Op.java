package lab.memremap.explore;

/**
 * One conforming-driver call. A concrete op names its range; an allocation may instead be a
 * template ({@code fit >= 0}: "the fit-th free aligned range"), resolved by the driver when it runs,
 * which is how a call on one CPU can pick up a range another CPU has just freed.
 */
public record Op(Kind kind, int pgmap, int offset, int order, int fit) {
    /** The driver calls. */
    public enum Kind {
        ALLOC, ALLOC_LEGACY, FREE, MAP, SPLIT_PMD, UNMAP_HALF, SPLIT, MIGRATE_TO_RAM, TEARDOWN,
        /** GENERIC / FS_DAX: take and drop a reference on a page. */
        GET, PUT,
        /** What only a buggy driver does (Setup.buggy()). */
        ALLOC_AGAIN, PUT_UNALLOCATED
    }

    public static Op alloc(int p, int offset, int order) {
        return new Op(Kind.ALLOC, p, offset, order, -1);
    }

    public static Op allocLegacy(int p, int offset) {
        return new Op(Kind.ALLOC_LEGACY, p, offset, 0, -1);
    }

    /** An allocation at the {@code fit}-th free aligned range of {@code order}, chosen when it runs. */
    public static Op allocFit(int p, int order, boolean legacy, int fit) {
        return new Op(legacy ? Kind.ALLOC_LEGACY : Kind.ALLOC, p, -1, order, fit);
    }

    public static Op free(int p, int offset) {
        return new Op(Kind.FREE, p, offset, -1, -1);
    }

    public static Op map(int p, int offset) {
        return new Op(Kind.MAP, p, offset, -1, -1);
    }

    public static Op unmapHalf(int p, int offset) {
        return new Op(Kind.UNMAP_HALF, p, offset, -1, -1);
    }

    public static Op split(int p, int offset, int newOrder) {
        return new Op(Kind.SPLIT, p, offset, newOrder, -1);
    }

    public static Op splitPmd(int p, int offset) {
        return new Op(Kind.SPLIT_PMD, p, offset, -1, -1);
    }

    public static Op migrateToRam(int p, int offset) {
        return new Op(Kind.MIGRATE_TO_RAM, p, offset, -1, -1);
    }

    public static Op get(int p, int offset) {
        return new Op(Kind.GET, p, offset, 0, -1);
    }

    public static Op put(int p, int offset) {
        return new Op(Kind.PUT, p, offset, -1, -1);
    }

    public static Op allocAgain(int p, int offset, int order) {
        return new Op(Kind.ALLOC_AGAIN, p, offset, order, -1);
    }

    public static Op putUnallocated(int p, int offset) {
        return new Op(Kind.PUT_UNALLOCATED, p, offset, -1, -1);
    }

    public static Op teardown(int p) {
        return new Op(Kind.TEARDOWN, p, -1, -1, -1);
    }

    public boolean isAlloc() {
        return kind == Kind.ALLOC || kind == Kind.ALLOC_LEGACY;
    }

    public boolean isTemplate() {
        return fit >= 0;
    }

    /** Runs the call; returns the concrete op it became (a template that found no free range, -ENOMEM, stays itself). */
    Op run(Driver d) {
        switch (kind) {
            case ALLOC, ALLOC_LEGACY -> {
                boolean legacy = kind == Kind.ALLOC_LEGACY;
                if (isTemplate()) {
                    int off = d.allocFit(pgmap, order, legacy, fit);
                    return off < 0 ? this : new Op(kind, pgmap, off, order, -1);
                }
                if (legacy) d.allocLegacy(pgmap, offset);
                else d.alloc(pgmap, offset, order);
            }
            case FREE -> d.free(pgmap, offset);
            case MAP -> d.map(pgmap, offset);
            case UNMAP_HALF -> d.unmapHalf(pgmap, offset);
            case SPLIT -> d.split(pgmap, offset, order);
            case TEARDOWN -> d.teardown(pgmap);
            case SPLIT_PMD -> d.splitPmd(pgmap, offset);
            case MIGRATE_TO_RAM -> d.migrateToRam(pgmap, offset);
            case GET -> d.get(pgmap, offset);
            case PUT -> d.put(pgmap, offset);
            case ALLOC_AGAIN -> d.allocAgain(pgmap, offset, order);
            case PUT_UNALLOCATED -> d.putUnallocated(pgmap, offset);
        }
        return this;
    }

    /** The Java statement that makes this call on a driver variable {@code d}. */
    public String toCode() {
        if (isTemplate()) return String.format("d.allocFit(%d, %d, %b, %d)", pgmap, order, kind == Kind.ALLOC_LEGACY, fit);
        return switch (kind) {
            case ALLOC -> String.format("d.alloc(%d, %d, %d)", pgmap, offset, order);
            case ALLOC_LEGACY -> String.format("d.allocLegacy(%d, %d)", pgmap, offset);
            case FREE -> String.format("d.free(%d, %d)", pgmap, offset);
            case MAP -> String.format("d.map(%d, %d)", pgmap, offset);
            case UNMAP_HALF -> String.format("d.unmapHalf(%d, %d)", pgmap, offset);
            case SPLIT -> String.format("d.split(%d, %d, %d)", pgmap, offset, order);
            case TEARDOWN -> String.format("d.teardown(%d)", pgmap);
            case SPLIT_PMD -> String.format("d.splitPmd(%d, %d)", pgmap, offset);
            case MIGRATE_TO_RAM -> String.format("d.migrateToRam(%d, %d)", pgmap, offset);
            case GET -> String.format("d.get(%d, %d)", pgmap, offset);
            case PUT -> String.format("d.put(%d, %d)", pgmap, offset);
            case ALLOC_AGAIN -> String.format("d.allocAgain(%d, %d, %d)", pgmap, offset, order);
            case PUT_UNALLOCATED -> String.format("d.putUnallocated(%d, %d)", pgmap, offset);
        };
    }

    /** A short label naming the pgmap, e.g. "alloc dmirror0+0 order 9". */
    public String label(Setup setup) {
        String at = setup.pgmaps().get(pgmap).name() + (offset >= 0 ? "+" + offset : "");
        String where = isTemplate() ? setup.pgmaps().get(pgmap).name() + (fit == 0 ? " lowest free" : " free range #" + (fit + 1)) : at;
        return switch (kind) {
            case ALLOC -> "alloc " + where + " order " + order;
            case ALLOC_LEGACY -> "allocLegacy " + where + " order 0";
            case FREE -> "free " + at;
            case MAP -> "map " + at;
            case UNMAP_HALF -> "unmapHalf " + at;
            case SPLIT -> "split " + at + " to order " + order;
            case TEARDOWN -> "teardown " + setup.pgmaps().get(pgmap).name();
            case SPLIT_PMD -> "splitPmd " + at;
            case MIGRATE_TO_RAM -> "migrateToRam " + at;
            case GET -> "get " + at;
            case PUT -> "put " + at;
            case ALLOC_AGAIN -> "allocAgain " + at + " order " + order + " (buggy: range still held)";
            case PUT_UNALLOCATED -> "putUnallocated " + at + " (buggy: never allocated)";
        };
    }

    /** The allocation record this op acts on (offset), or -1 for allocations and teardown. */
    int target() {
        return isAlloc() || kind == Kind.TEARDOWN || kind == Kind.GET || kind == Kind.PUT_UNALLOCATED ? -1 : offset;
    }
}
