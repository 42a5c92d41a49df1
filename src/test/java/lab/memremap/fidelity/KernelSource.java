package lab.memremap.fidelity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's kernel source packages, where ./workbook (the real-kernel issue) unpacks them:
 * linux-source-6.12 (6.12.117) and linux-source-7.2 (7.2.13) under ~/.cache/memremap-lab/kernel-src,
 * or under $MEMREMAP_LAB_KERNEL_SRC. Tests that need a tree skip, saying so, where it is absent.
 */
final class KernelSource {
    private KernelSource() {}

    static Path root() {
        String env = System.getenv("MEMREMAP_LAB_KERNEL_SRC");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "memremap-lab", "kernel-src");
    }

    /** The tree of "6.12" or "7.2", or null when it is not on this machine. */
    static Path tree(String version) {
        Path p = root().resolve("linux-source-" + version);
        return Files.isDirectory(p.resolve("mm")) ? p : null;
    }

    /** Line {@code n} (1-based) of {@code file} in the tree of {@code version}. */
    static String line(String version, String file, int n) {
        try {
            List<String> lines = Files.readAllLines(tree(version).resolve(file));
            if (n < 1 || n > lines.size()) return "<no line " + n + " in " + file + " (" + lines.size() + " lines)>";
            return lines.get(n - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
