package lab.memremap.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The packages and top-level public-looking classes found on the class path. JShell completes JDK
 * packages but not those from {@code --class-path} (JDK-8177650), so {@code lab.memremap.} or
 * {@code import tech.tablesaw.} would offer nothing without this index.
 */
public final class ClassPathIndex {
    private final SortedSet<String> packages = new TreeSet<>();
    private final SortedSet<String> classes = new TreeSet<>();

    private ClassPathIndex() {}

    static ClassPathIndex scan(List<String> entries) {
        ClassPathIndex index = new ClassPathIndex();
        for (String entry : entries) {
            if (entry.isBlank()) continue;
            File f = new File(entry);
            if (f.isDirectory()) index.scanDirectory(f.toPath());
            else if (f.isFile()) index.scanJar(f);
        }
        return index;
    }

    private void scanJar(File jar) {
        try (ZipFile zip = new ZipFile(jar)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) addClassFile(entries.nextElement().getName());
        } catch (IOException unreadable) {
            // not a jar: nothing to index
        }
    }

    private void scanDirectory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(p -> p.toString().endsWith(".class"))
                    .forEach(p -> addClassFile(dir.relativize(p).toString().replace(File.separatorChar, '/')));
        } catch (IOException unreadable) {
            // skip directories we cannot read
        }
    }

    private void addClassFile(String name) {
        if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.contains("$")
                || name.endsWith("module-info.class") || name.endsWith("package-info.class")) {
            return;
        }
        String dotted = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        int lastDot = dotted.lastIndexOf('.');
        if (lastDot < 0) return;
        classes.add(dotted);
        String pkg = dotted.substring(0, lastDot);
        while (packages.add(pkg)) {
            int dot = pkg.lastIndexOf('.');
            if (dot < 0) break;
            pkg = pkg.substring(0, dot);
        }
    }

    public boolean isPackage(String name) {
        return packages.contains(name);
    }

    /** Subpackage and class simple names directly inside {@code pkg} that start with {@code prefix}. */
    public Set<String> members(String pkg, String prefix) {
        Set<String> out = new TreeSet<>();
        String head = pkg + ".";
        for (String p : packages.tailSet(head)) {
            if (!p.startsWith(head)) break;
            String rest = p.substring(head.length());
            // A package completes with its dot, as JShell's own suggestions do once its index is ready:
            // the two sources then agree, whichever answers first.
            if (!rest.contains(".") && rest.startsWith(prefix)) out.add(rest + ".");
        }
        for (String c : classes.tailSet(head)) {
            if (!c.startsWith(head)) break;
            String rest = c.substring(head.length());
            if (!rest.contains(".") && rest.startsWith(prefix)) out.add(rest);
        }
        return out;
    }

    /** Top-level package names starting with {@code prefix} (for a bare {@code lab}, {@code tech}). */
    public Set<String> roots(String prefix) {
        Set<String> out = new TreeSet<>();
        for (String p : packages) {
            if (!p.contains(".") && p.startsWith(prefix)) out.add(p + ".");
        }
        return out;
    }
}
