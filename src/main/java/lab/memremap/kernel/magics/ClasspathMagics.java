package lab.memremap.kernel.magics;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %jars} (jar files by glob) and {@code %classpath} (jars and class directories by glob). */
public final class ClasspathMagics {
    private final MagicHost host;

    public ClasspathMagics(MagicHost host) {
        this.host = host;
    }

    public void register(MagicCatalog catalog) {
        catalog.line("jars", "add jar files (globs allowed) to the class path; returns the paths added", this::jars);
        catalog.line("classpath", "add jars or class directories (globs allowed) to the class path", this::classpath);
    }

    public List<String> jars(List<String> globs) throws IOException {
        return add("%jars", globs, true);
    }

    public List<String> classpath(List<String> globs) throws IOException {
        return add("%classpath", globs, false);
    }

    private List<String> add(String magic, List<String> globs, boolean filesOnly) throws IOException {
        if (globs.isEmpty()) throw new IllegalArgumentException(magic + ": give at least one path or glob");
        List<String> found = new ArrayList<>();
        for (String glob : globs) {
            GlobFinder finder = new GlobFinder(glob);
            Iterable<Path> paths = filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths();
            int before = found.size();
            for (Path p : paths) found.add(p.toAbsolutePath().normalize().toString());
            if (found.size() == before) {
                throw new IllegalArgumentException(magic + ": nothing matches '" + glob + "'");
            }
        }
        host.addToClasspath(found);
        return found;
    }
}
