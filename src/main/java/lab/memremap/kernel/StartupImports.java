package lab.memremap.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The snippets every notebook starts with: IJava's default imports and notebook functions, then, with the
 * workbook preloaded, Tablesaw and XChart and the model's own imports from the class-path resource
 * {@code lab/memremap/preload.jshell} (owned by the model side; one import per line).
 */
public final class StartupImports {
    public static final String PRELOAD_RESOURCE = "lab/memremap/preload.jshell";

    private static final List<String> IJAVA_DEFAULTS = List.of(
            "import java.util.*;", "import java.io.*;", "import java.math.*;", "import java.net.*;",
            "import java.util.concurrent.*;", "import java.util.prefs.*;", "import java.util.regex.*;",
            "import static lab.memremap.kernel.runtime.NotebookDisplay.*;",
            "import static lab.memremap.kernel.runtime.NotebookKernel.*;",
            "import static lab.memremap.kernel.runtime.NotebookMagics.*;");

    private static final List<String> WORKBOOK_LIBRARIES = List.of(
            "import tech.tablesaw.api.*;", "import org.knowm.xchart.*;", "import org.knowm.xchart.style.*;");

    private StartupImports() {}

    public static List<String> snippets(boolean workbookPreloaded, ClassLoader loader) {
        List<String> snippets = new ArrayList<>(IJAVA_DEFAULTS);
        if (workbookPreloaded) {
            snippets.addAll(WORKBOOK_LIBRARIES);
            snippets.addAll(preloadLines(loader));
        }
        return snippets;
    }

    /** The contents of the start-up script files named by a path-separated list of globs (IJava's setting). */
    public static List<String> scripts(String globs) {
        List<String> scripts = new ArrayList<>();
        if (globs == null || globs.isBlank()) return scripts;
        for (String glob : globs.split(java.io.File.pathSeparator)) {
            try {
                for (java.nio.file.Path p : new io.github.spencerpark.jupyter.kernel.util.GlobFinder(glob).computeMatchingFiles()) {
                    scripts.add(java.nio.file.Files.readString(p, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("StartupImports.scripts: cannot read start-up scripts '" + glob + "'", e);
            }
        }
        return scripts;
    }

    /** The non-blank, non-comment lines of the model's preload resource; none when it does not exist yet. */
    static List<String> preloadLines(ClassLoader loader) {
        List<String> lines = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(PRELOAD_RESOURCE)) {
            if (in == null) return lines;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("//")) lines.add(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("StartupImports.preloadLines: cannot read " + PRELOAD_RESOURCE, e);
        }
        return lines;
    }
}
