package lab.memremap.model;

/**
 * struct dev_pagemap_ops. A driver supplies one free function; the model offers it in every shape a
 * version of the code calls: page_free(page) (v6.1-v6), page_free(page, order) (Zi Yan's suggestion),
 * folio_free(folio) (v7, 3a5a06554566), folio_free(folio, order) (drm_pagemap v4, Jan 2026). A field
 * is null when the driver supplied no such method, exactly where the kernel's NULL checks look.
 */
@Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
public final class DevPagemapOps {
    /** What a driver implements to take device memory back: the head page and the folio's order. */
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

    /** The page_free callback, in both arities. */
    public final class PageFree {
        final FreeFunction fn;

        PageFree(FreeFunction fn) {
            this.fn = fn;
        }

        /** page_free(page): the driver finds the order itself, from folio_order(page_folio(page)). */
        public void call(Page page) {
            invoke(fn, page, -1, "->page_free");
        }

        /** page_free(page, order). */
        public void call(Page page, int order) {
            invoke(fn, page, order, "->page_free");
        }
    }

    /** The folio_free callback, in both arities. */
    public final class FolioFree {
        final FreeFunction fn;

        FolioFree(FreeFunction fn) {
            this.fn = fn;
        }

        public void call(Folio folio) {
            invoke(fn, folio.page(), -1, "->folio_free");
        }

        public void call(Folio folio, int order) {
            invoke(fn, folio.page(), order, "->folio_free");
        }
    }

    public final PageFree page_free;
    public final FolioFree folio_free;
    public final MigrateToRam migrate_to_ram;
    public final FolioSplit folio_split;
    public final MemoryFailure memory_failure;
    private Machine machine;

    private DevPagemapOps(FreeFunction free, MigrateToRam migrate, FolioSplit split, MemoryFailure mf) {
        this.page_free = free == null ? null : new PageFree(free);
        this.folio_free = free == null ? null : new FolioFree(free);
        this.migrate_to_ram = migrate;
        this.folio_split = split;
        this.memory_failure = mf;
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

    public static Builder builder() {
        return new Builder();
    }

    void attach(Machine m) {
        this.machine = m;
    }

    private void invoke(FreeFunction fn, Page page, int order, String what) {
        Machine m = machine != null ? machine : page.machine();
        m.step(what);
        DevPagemap owner = m.pgmapOfPfn(page.pfn());
        if (owner != null && owner.state() == DevPagemap.State.UNMAPPED)
            m.note(ModelNotes.Kind.USE_AFTER_FREE, what, String.format("%s called for pfn 0x%x after memunmap_pages()"
                    + " tore down %s (its memmap and driver data are gone). The kernel itself prints nothing; a KASAN"
                    + " kernel would report the driver's read of its freed data as \"BUG: KASAN: slab-use-after-free in"
                    + " <the driver's callback>\"", what, page.pfn(), owner.name));
        int passed = order >= 0 ? order : m.folio_order(m.page_folio(page));
        m.trace.event(what, page.index(), 0, 0);
        fn.free(page, passed);
        // From here on the driver owns every page of the folio: the kernel must not touch it (85be0a262e39).
        m.handedBack(page, passed >= 0 && passed < 31 ? 1 << passed : 1);
        // Returning from the indirect call is a point where another CPU may run (S10: the driver
        // re-uses the folio before the kernel's next line); schedules name it "->folio_free returned".
        m.step(what + " returned");
    }

    /** Builds the ops of a driver; every method is optional, as in C. */
    public static final class Builder {
        private FreeFunction free;
        private MigrateToRam migrate;
        private FolioSplit split;
        private MemoryFailure mf;

        public Builder free(FreeFunction f) {
            this.free = f;
            return this;
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
            return new DevPagemapOps(free, migrate, split, mf);
        }
    }
}
