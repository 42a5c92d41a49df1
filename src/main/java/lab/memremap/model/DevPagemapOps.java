package lab.memremap.model;

/**
 * struct dev_pagemap_ops. Each free callback has the Java signature of the C one it models, so a driver
 * is told exactly what the kernel tells it:
 * <ul>
 * <li>{@code void (*page_free)(struct page *page)}: the page only, never the order (6.12
 *     include/linux/memremap.h:84; v6.1-v6 of the series). A driver that needs the order derives it.</li>
 * <li>{@code page_free(page, order)}: Zi Yan's suggestion on v6 ("page_free should take an order"), in no
 *     kernel; only D5 calls it.</li>
 * <li>{@code void (*folio_free)(struct folio *folio)}: the folio (7.2 include/linux/memremap.h:83; v7,
 *     3a5a06554566). The driver reads the order from it.</li>
 * </ul>
 * A field is null when the driver supplied no such method, exactly where the kernel's NULL checks look.
 */
@Source(file = "include/linux/memremap.h", ref = "85be0a262e39",
        note = "6.12.117: page_free(struct page *) at line 84; 7.2.13: folio_free(struct folio *) at line 83, folio_split at 108")
public final class DevPagemapOps {
    /** {@code void (*page_free)(struct page *page)}: the driver is given the page, and only the page. */
    @FunctionalInterface
    public interface PageFreeFunction {
        void page_free(Page page);
    }

    /** Zi Yan's {@code page_free(page, order)}: the driver is told the order the kernel read at entry. */
    @FunctionalInterface
    public interface PageFreeOrderFunction {
        void page_free(Page page, int order);
    }

    /** {@code void (*folio_free)(struct folio *folio)}. */
    @FunctionalInterface
    public interface FolioFreeFunction {
        void folio_free(Folio folio);
    }

    /** drm_pagemap v4's {@code folio_free(folio, order)} (D7b): told the order read at entry. */
    @FunctionalInterface
    public interface FolioFreeOrderFunction {
        void folio_free(Folio folio, int order);
    }

    /**
     * A shorthand for a driver that implements every shape with one function of (head, order). Where
     * the kernel passes no order (page_free(page), folio_free(folio)) the <em>driver</em> derives it,
     * as most drivers do: {@code folio_order(page_folio(page))}, read from the page's words when the
     * callback runs. The kernel never passes it.
     */
    @FunctionalInterface
    public interface FreeFunction {
        void free(Page head, int order);
    }

    /** migrate_to_ram(vmf): the CPU faulted on a device-private page; migrate the folio back to RAM. */
    @FunctionalInterface
    public interface MigrateToRam {
        int migrate_to_ram(Folio folio);
    }

    /** folio_split(head, tail): called for each new folio of a split and once with tail == null at the end. */
    @FunctionalInterface
    public interface FolioSplit {
        void folio_split(Folio head, Folio tail);
    }

    @FunctionalInterface
    public interface MemoryFailure {
        int memory_failure(DevPagemap pgmap, long pfn, long nr_pages, int mf_flags);
    }

    /** The page_free member, called as the design's version of the kernel calls it. */
    public final class PageFree {
        private final PageFreeFunction pageOnly;
        private final PageFreeOrderFunction withOrder;

        PageFree(PageFreeFunction pageOnly, PageFreeOrderFunction withOrder) {
            this.pageOnly = pageOnly;
            this.withOrder = withOrder;
        }

        /** {@code ops->page_free(page)}: the driver gets the page only. */
        public void call(Page page) {
            if (pageOnly == null)
                throw new IllegalStateException("->page_free(page): this driver's page_free takes (page, order); "
                        + "a kernel that calls page_free(page) cannot use it");
            invoke(page, -1, "->page_free", () -> pageOnly.page_free(page));
        }

        /** {@code ops->page_free(page, order)} (D5, Zi Yan's suggestion). */
        public void call(Page page, int order) {
            if (withOrder == null)
                throw new IllegalStateException("->page_free(page, order): this driver's page_free takes the page only; "
                        + "D5's page_free(page, " + order + ") cannot call it");
            invoke(page, order, "->page_free", () -> withOrder.page_free(page, order));
        }
    }

    /** The folio_free member, called as the design's version of the kernel calls it. */
    public final class FolioFree {
        private final FolioFreeFunction folioOnly;
        private final FolioFreeOrderFunction withOrder;

        FolioFree(FolioFreeFunction folioOnly, FolioFreeOrderFunction withOrder) {
            this.folioOnly = folioOnly;
            this.withOrder = withOrder;
        }

        /** {@code ops->folio_free(folio)}. */
        public void call(Folio folio) {
            if (folioOnly == null)
                throw new IllegalStateException("->folio_free(folio): this driver's folio_free takes (folio, order)");
            invoke(folio.page(), -1, "->folio_free", () -> folioOnly.folio_free(folio));
        }

        /** {@code ops->folio_free(folio, order)} (D7b, drm_pagemap v4). */
        public void call(Folio folio, int order) {
            if (withOrder == null)
                throw new IllegalStateException("->folio_free(folio, order): this driver's folio_free takes the folio only; "
                        + "D7b's folio_free(folio, " + order + ") cannot call it");
            invoke(folio.page(), order, "->folio_free", () -> withOrder.folio_free(folio, order));
        }
    }

    public final PageFree page_free;
    public final FolioFree folio_free;
    public final MigrateToRam migrate_to_ram;
    public final FolioSplit folio_split;
    public final MemoryFailure memory_failure;
    private Machine machine;

    private DevPagemapOps(Builder b) {
        this.page_free = b.pageOnly == null && b.withOrder == null ? null : new PageFree(b.pageOnly, b.withOrder);
        this.folio_free = b.folioFree == null && b.folioWithOrder == null ? null : new FolioFree(b.folioFree, b.folioWithOrder);
        this.migrate_to_ram = b.migrate;
        this.folio_split = b.split;
        this.memory_failure = b.mf;
    }

    /** {@code ops->page_free(page)}: a call through the pointer; NULL is the kernel's oops (instruction fetch at 0). */
    public void page_free(Page page) {
        if (page_free == null) throw page.machine().nullPointerDereference("free_zone_device_folio", "ops->page_free", true);
        page_free.call(page);
    }

    /** {@code ops->folio_free(folio)}: a call through the pointer; NULL is the kernel's oops. */
    public void folio_free(Folio folio) {
        if (folio_free == null) throw folio.machine().nullPointerDereference("free_zone_device_folio", "ops->folio_free", true);
        folio_free.call(folio);
    }

    /** Whether the driver supplied the member named {@code callback} ("page_free" or "folio_free"), in any shape. */
    public boolean has(String callback) {
        return switch (callback) {
            case "page_free" -> page_free != null;
            case "folio_free" -> folio_free != null;
            default -> throw new IllegalArgumentException("DevPagemapOps.has: no member " + callback);
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    void attach(Machine m) {
        this.machine = m;
    }

    /**
     * The indirect call: a scheduling point before and after, the model's use-after-free note if the
     * pgmap is gone, and the model's record that the driver owns the folio's pages from here on.
     * {@code toldOrder} is the order the kernel passes, or -1 when it passes none.
     */
    private void invoke(Page page, int toldOrder, String what, Runnable call) {
        Machine m = machine != null ? machine : page.machine();
        m.step(what);
        DevPagemap owner = m.pgmapOfPfn(page.pfn());
        if (owner != null && owner.state() == DevPagemap.State.UNMAPPED)
            m.note(ModelNotes.Kind.USE_AFTER_FREE, what, String.format("%s called for pfn 0x%x after memunmap_pages()"
                    + " tore down %s (its memmap and driver data are gone). The kernel itself prints nothing; a KASAN"
                    + " kernel would report the driver's read of its freed data as \"BUG: KASAN: slab-use-after-free in"
                    + " <the driver's callback>\"", what, page.pfn(), owner.name));
        // The model's own reading of how many pages go back (for its ownership checks), taken before the
        // driver runs; it is not passed to the driver.
        int order = toldOrder >= 0 ? toldOrder : m.folio_order(m.page_folio(page));
        m.trace.event(what, page.index(), 0, 0);
        call.run();
        // From here on the driver owns every page of the folio: the kernel must not touch it (85be0a262e39).
        m.handedBack(page, order >= 0 && order < 31 ? 1 << order : 1);
        // Returning from the indirect call is a point where another CPU may run (S10: the driver
        // re-uses the folio before the kernel's next line); schedules name it "->folio_free returned".
        m.step(what + " returned");
    }

    /** Builds the ops of a driver; every method is optional, as in C. */
    public static final class Builder {
        private PageFreeFunction pageOnly;
        private PageFreeOrderFunction withOrder;
        private FolioFreeFunction folioFree;
        private FolioFreeOrderFunction folioWithOrder;
        private MigrateToRam migrate;
        private FolioSplit split;
        private MemoryFailure mf;

        /** {@code .page_free = fn}: 6.12's page_free(struct page *). */
        public Builder page_free(PageFreeFunction f) {
            this.pageOnly = f;
            return this;
        }

        /** Zi Yan's page_free(page, order), for D5. */
        public Builder page_free(PageFreeOrderFunction f) {
            this.withOrder = f;
            return this;
        }

        /** {@code .folio_free = fn}: 7.2's folio_free(struct folio *). */
        public Builder folio_free(FolioFreeFunction f) {
            this.folioFree = f;
            return this;
        }

        /** drm_pagemap v4's folio_free(folio, order), for D7b. */
        public Builder folio_free(FolioFreeOrderFunction f) {
            this.folioWithOrder = f;
            return this;
        }

        /**
         * Every free shape from one function of (head, order); where the kernel passes no order, the
         * driver derives it from the page's words when the callback runs (see {@link FreeFunction}).
         */
        public Builder free(FreeFunction f) {
            this.pageOnly = page -> f.free(page, derivedOrder(page));
            this.withOrder = f::free;
            this.folioFree = folio -> f.free(folio.page(), folio.machine().folio_order(folio));
            this.folioWithOrder = (folio, order) -> f.free(folio.page(), order);
            return this;
        }

        /** What a page_free(page) driver can read: the order of the folio the page's words say it heads. */
        private static int derivedOrder(Page page) {
            Machine m = page.machine();
            return m.folio_order(m.page_folio(page));
        }

        public Builder migrate_to_ram(MigrateToRam f) {
            this.migrate = f;
            return this;
        }

        public Builder folio_split(FolioSplit f) {
            this.split = f;
            return this;
        }

        public Builder memory_failure(MemoryFailure f) {
            this.mf = f;
            return this;
        }

        public DevPagemapOps build() {
            return new DevPagemapOps(this);
        }
    }
}
