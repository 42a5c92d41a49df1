package lab.memremap.model;

/**
 * One version of the code under debate: the functions that the versions of the large device-private
 * folio series define differently (kernel-history.md §2.10). A design's file reads step for step like
 * the kernel function it models, calling the model's kernel-named primitives unqualified.
 *
 * <p>The seam: the page- and folio-level init (as drivers of that version reach them, through
 * {@link #allocFolio} and {@link #allocPage}), {@link #free_zone_device_folio} with its free callback
 * shape, and the rmap deferred-split decision ({@link #shouldDeferSplit}). To try an idea, extend a
 * catalogue design and override one method.
 */
public abstract class Design implements KernelApi {
    private Machine machine;

    /** Short key, e.g. "D4". */
    public abstract String name();

    /**
     * A catalogue design's name: {@code key} for an instance of {@code declaring} itself, and for a subclass
     * that does not override {@link #name()}, the subclass's own name ({@code class Mine extends D4_V6} is
     * "Mine"), so the two can run side by side in a matrix.
     */
    protected final String catalogueName(Class<? extends Design> declaring, String key) {
        if (getClass() == declaring) return key;
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? key + " (anonymous subclass)" : simple;
    }

    /** What the design is, e.g. "v6 (the seed patch)". */
    public abstract String title();

    /** The Message-ID or commit the design is taken from. */
    public abstract String source();

    /** How a THP-aware driver of this version initialises {@code page} as a folio of {@code order}. */
    public abstract Folio allocFolio(Page page, DevPagemap pgmap, int order);

    /** How an order-0 driver of this version initialises one page (the legacy entry point). */
    public abstract Folio allocPage(Page page, DevPagemap pgmap);

    /** free_zone_device_folio(): called by __folio_put() when a ZONE_DEVICE folio's refcount reaches zero. */
    public abstract void free_zone_device_folio(Folio folio);

    /** The condition in __folio_remove_rmap() that queues a partially mapped folio for deferred split. */
    public abstract boolean shouldDeferSplit(Folio folio, boolean partially_mapped);

    /**
     * The kernel this design's code belongs to, for its log formats and check lines: the release the
     * patch was posted against (for the review proposals D5 and D6, the v6 tree they answer). Kernels
     * from 6.19 on print the compact WARNING line of 28ea295f941e. See the table in README.md.
     */
    public String baseKernel() {
        return "6.19";
    }

    /** The callback memremap_pages() names when it is missing: "folio_free" from v7, "page_free" before. */
    public String freeCallbackName() {
        return "folio_free";
    }

    @Override public final Machine machine() {
        if (machine == null)
            throw new IllegalStateException(name() + ": a design runs inside a Machine; use Machine.boot(config, design)");
        return machine;
    }

    final void bind(Machine m) {
        this.machine = m;
    }

    @Override public String toString() {
        return name() + " — " + title();
    }
}
