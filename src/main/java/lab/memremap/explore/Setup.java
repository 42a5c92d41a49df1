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
            if (type != MemoryType.MEMORY_DEVICE_PRIVATE && type != MemoryType.MEMORY_DEVICE_COHERENT)
                throw new IllegalArgumentException("PgmapSpec: the conforming driver uses PRIVATE or COHERENT pgmaps, not " + type);
            if (pages < 512 || pages % 512 != 0)
                throw new IllegalArgumentException("PgmapSpec: " + pages + " pages; give a multiple of 512 (one order-9 folio)");
        }
    }

    private final Config config;
    private final List<PgmapSpec> pgmaps;

    private Setup(Config config, List<PgmapSpec> pgmaps) {
        this.config = Objects.requireNonNull(config, "Setup: config is null");
        if (pgmaps.isEmpty()) throw new IllegalArgumentException("Setup: give at least one pgmap");
        this.pgmaps = List.copyOf(pgmaps);
    }

    public static Setup of(Config config, PgmapSpec... pgmaps) {
        return new Setup(config, List.of(pgmaps));
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

    /** The setups an exploration covers unless told otherwise: a PRIVATE pgmap, then a COHERENT one. */
    public static List<Setup> standard() {
        return List.of(devicePrivate(), deviceCoherent());
    }

    public Setup withConfig(Config c) {
        return new Setup(c, pgmaps);
    }

    public Config config() {
        return config;
    }

    public List<PgmapSpec> pgmaps() {
        return pgmaps;
    }

    /** Java code that builds this setup, for printed scenarios. */
    String toCode() {
        if (equals(devicePrivate())) return "Setup.devicePrivate()";
        if (equals(deviceCoherent())) return "Setup.deviceCoherent()";
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
        return o instanceof Setup s && s.config.equals(config) && s.pgmaps.equals(pgmaps);
    }

    @Override public int hashCode() {
        return Objects.hash(config, pgmaps);
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (PgmapSpec p : pgmaps) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(p.name()).append(" (").append(p.type().name().replace("MEMORY_DEVICE_", "")).append(", ")
                    .append(p.pages()).append(" pages)");
        }
        return sb.toString();
    }
}
