package lab.memremap.explore;

import java.util.List;
import java.util.Objects;
import lab.memremap.model.Config;
import lab.memremap.model.MemoryType;

/**
 * The machine an exploration starts from: the kernel configuration and the small pgmaps the
 * conforming driver registers with memremap_pages() before its first operation.
 */
public final class Setup {
    /** One pgmap: its name as logs print it, its memory type and its size in pages. */
    public record PgmapSpec(String name, MemoryType type, int pages) {
        public PgmapSpec {
            Objects.requireNonNull(name, "PgmapSpec: name is null");
            Objects.requireNonNull(type, "PgmapSpec: type is null");
            if (pages < 512 || pages % 512 != 0)
                throw new IllegalArgumentException("PgmapSpec: " + pages + " pages; give a multiple of 512 (one order-9 folio)");
        }
    }

    private final Config config;
    private final List<PgmapSpec> pgmaps;
    private final boolean buggy;

    private Setup(Config config, List<PgmapSpec> pgmaps, boolean buggy) {
        this.config = Objects.requireNonNull(config, "Setup: config is null");
        if (pgmaps.isEmpty()) throw new IllegalArgumentException("Setup: give at least one pgmap");
        this.pgmaps = List.copyOf(pgmaps);
        this.buggy = buggy;
    }

    public static Setup of(Config config, PgmapSpec... pgmaps) {
        return new Setup(config, List.of(pgmaps), false);
    }

    /**
     * The kernel the explorer hunts on: the default configuration plus CONFIG_DEBUG_VM_PGFLAGS, a debug
     * kernel as kernel developers run one, so that page-flag policy violations are BUGs, not silence.
     */
    public static Config debugKernel() {
        return Config.defaults().withDebugVmPgflags(true);
    }

    /** One MEMORY_DEVICE_PRIVATE pgmap of 512 pages (one order-9 slot), like a small test_hmm chunk, on the debug kernel. */
    public static Setup devicePrivate() {
        return of(debugKernel(), new PgmapSpec("dmirror0", MemoryType.MEMORY_DEVICE_PRIVATE, 512));
    }

    /** One MEMORY_DEVICE_COHERENT pgmap of 512 pages, on the debug kernel. */
    public static Setup deviceCoherent() {
        return of(debugKernel(), new PgmapSpec("coherent0", MemoryType.MEMORY_DEVICE_COHERENT, 512));
    }

    /**
     * A GENERIC pgmap (device-dax; pages idle at refcount 1), an FS_DAX one and a PCI_P2PDMA one (pages
     * idle at 0), on the debug kernel: the types whose pages the driver takes references on.
     */
    public static Setup daxAndGeneric() {
        return of(debugKernel(), new PgmapSpec("dax0", MemoryType.MEMORY_DEVICE_GENERIC, 512),
                new PgmapSpec("pmem0", MemoryType.MEMORY_DEVICE_FS_DAX, 512),
                new PgmapSpec("p2pmem0", MemoryType.MEMORY_DEVICE_PCI_P2PDMA, 512));
    }

    /** The setups an exploration covers unless told otherwise: a PRIVATE pgmap, a COHERENT one, then GENERIC + FS_DAX. */
    public static List<Setup> standard() {
        return List.of(devicePrivate(), deviceCoherent(), daxAndGeneric());
    }

    public Setup withConfig(Config c) {
        return new Setup(c, pgmaps, buggy);
    }

    /**
     * The same machine driven by a buggy driver, which may also do what drivers must not: hand a page
     * out twice, allocate while memunmap_pages() runs, free a page it never allocated. For testing a
     * design's defensive checks; what it finds is not a bug of the design.
     */
    public Setup buggy() {
        return new Setup(config, pgmaps, true);
    }

    /** The same machine with the conforming driver. */
    public Setup conforming() {
        return new Setup(config, pgmaps, false);
    }

    /** Whether the driver of this setup is the buggy one. */
    public boolean isBuggy() {
        return buggy;
    }

    public Config config() {
        return config;
    }

    public List<PgmapSpec> pgmaps() {
        return pgmaps;
    }

    /** Java code that builds this setup, for printed scenarios. */
    String toCode() {
        if (buggy) return conforming().toCode() + ".buggy()";
        if (equals(devicePrivate())) return "Setup.devicePrivate()";
        if (equals(deviceCoherent())) return "Setup.deviceCoherent()";
        if (equals(daxAndGeneric())) return "Setup.daxAndGeneric()";
        String config = this.config.equals(Config.defaults()) ? "Config.defaults()"
                : this.config.equals(debugKernel()) ? "Setup.debugKernel()"
                : "lab.memremap.model.Config.defaults() /* then: " + this.config.banner() + " */";
        StringBuilder sb = new StringBuilder("Setup.of(" + config);
        for (PgmapSpec p : pgmaps)
            sb.append(", new Setup.PgmapSpec(\"").append(p.name()).append("\", lab.memremap.model.MemoryType.").append(p.type())
                    .append(", ").append(p.pages()).append(')');
        return sb.append(')').toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Setup s && s.config.equals(config) && s.pgmaps.equals(pgmaps) && s.buggy == buggy;
    }

    @Override public int hashCode() {
        return Objects.hash(config, pgmaps, buggy);
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (PgmapSpec p : pgmaps) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(p.name()).append(" (").append(p.type().name().replace("MEMORY_DEVICE_", "")).append(", ")
                    .append(p.pages()).append(" pages)");
        }
        return buggy ? sb + ", buggy driver" : sb.toString();
    }
}
