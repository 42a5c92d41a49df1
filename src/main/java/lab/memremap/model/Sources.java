package lab.memremap.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@link Source} citations of kernel-named functions, for logs and for inspection in a notebook,
 * and derives from them where the C can be read: the posted patch on lore.kernel.org (by Message-ID), the
 * file in a released version on elixir.bootlin.com (by tag), the commit on git.kernel.org ({@code ?id=}).
 * Line numbers are given only where they were checked against a kernel source on disk
 * ({@code kernel-definitions.tsv}); a line a citation gives without such a check is marked unverified.
 */
public final class Sources {
    private Sources() {}

    /** The @Source of method {@code name} in {@code c}, its superclasses or interfaces, else of the class. */
    public static Optional<Source> of(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            Source s = methodSource(k, name);
            if (s != null) return Optional.of(s);
            for (Class<?> i : k.getInterfaces()) {
                s = methodSource(i, name);
                if (s != null) return Optional.of(s);
                for (Class<?> j : i.getInterfaces()) {
                    s = methodSource(j, name);
                    if (s != null) return Optional.of(s);
                }
            }
        }
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            Source s = k.getAnnotation(Source.class);
            if (s != null) return Optional.of(s);
        }
        return Optional.empty();
    }

    private static Source methodSource(Class<?> k, String name) {
        for (Method m : k.getDeclaredMethods())
            if (m.getName().equals(name) && m.isAnnotationPresent(Source.class)) return m.getAnnotation(Source.class);
        return null;
    }

    /** A lore.kernel.org link for a Message-ID reference, or null for a commit or a version. */
    public static String loreLink(String ref) {
        String r = ref.trim();
        if (r.startsWith("<") && r.endsWith(">") && r.contains("@") && !r.contains("…"))
            return "https://lore.kernel.org/r/" + r.substring(1, r.length() - 1);
        return null;
    }

    /** A place to read the C, for people: what it is, and its address. */
    public record Link(String label, String url) {
        @Override public String toString() {
            return label + ": " + url;
        }
    }

    /** Where a function's definition is in a released kernel whose source was on disk when it was recorded. */
    public record Definition(String tag, String file, String function, int line) {
        public String url() {
            return ELIXIR + tag + "/source/" + file + "#L" + line;
        }
    }

    static final String ELIXIR = "https://elixir.bootlin.com/linux/";
    static final String CGIT = "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/";
    private static final Pattern TAG = Pattern.compile("v\\d+\\.\\d+(\\.\\d+)?(-rc\\d+)?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");
    private static List<Definition> definitions;

    /** Every definition recorded in {@code kernel-definitions.tsv}. */
    public static synchronized List<Definition> definitions() {
        if (definitions == null) {
            List<Definition> all = new ArrayList<>();
            try (InputStream in = Sources.class.getResourceAsStream("kernel-definitions.tsv")) {
                if (in == null) throw new IllegalStateException("Sources: kernel-definitions.tsv is missing from the jar");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    String[] f = line.split("\t");
                    all.add(new Definition(f[0], f[1], f[2], Integer.parseInt(f[3])));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            definitions = List.copyOf(all);
        }
        return definitions;
    }

    /**
     * Where to read the C that {@code s} cites, for the kernel function {@code function} (may be null):
     * the patch or mail on lore, the file at the cited tag or commit, and the function's definition in
     * the released kernels recorded in {@code kernel-definitions.tsv}, with their checked line numbers.
     */
    public static List<Link> links(Source s, String function) {
        List<Link> out = new ArrayList<>();
        String ref = s.ref().trim();
        String[] files = s.file().split(",\\s*");
        String line = s.line() > 0 ? ":" + s.line() + " (line not checked against a source on disk)" : "";
        if (ref.startsWith("<")) {
            String lore = loreLink(ref);
            if (lore != null) out.add(new Link("the patch or mail " + ref + " on lore", lore));
            else out.add(new Link("mail " + ref + " (Message-ID recorded by prefix only; search lore for the thread)",
                    "https://lore.kernel.org/linux-mm/"));
        } else if (TAG.matcher(ref).matches()) {
            for (String f : files)
                out.add(new Link(f + line + " at " + ref, ELIXIR + ref + "/source/" + f + (s.line() > 0 ? "#L" + s.line() : "")));
            if (function != null) out.add(new Link(function + " at " + ref + " (its definition)", ELIXIR + ref + "/A/ident/" + function));
        } else if (COMMIT.matcher(ref).matches()) {
            out.add(new Link("commit " + ref, CGIT + "commit/?id=" + ref));
            for (String f : files)
                out.add(new Link(f + line + " at " + ref, CGIT + "tree/" + f + "?id=" + ref + (s.line() > 0 ? "#n" + s.line() : "")));
        }
        if (function != null)
            for (Definition d : definitions())
                if (d.function().equals(function))
                    out.add(new Link(function + " in " + d.tag() + ", " + d.file() + ":" + d.line() + " (line checked)", d.url()));
        return out;
    }

    /** The links of the citation of method {@code name} of {@code c}, if it has one. */
    public static List<Link> links(Class<?> c, String name) {
        return of(c, name).map(s -> links(s, name)).orElse(List.of());
    }

    /** One line for readers: "source: mm/memremap.c:431 — &lt;id&gt; (link) — note". */
    public static String describe(Source s) {
        StringBuilder sb = new StringBuilder("source: ").append(s.file());
        if (s.line() > 0) sb.append(':').append(s.line());
        sb.append(" — ").append(s.ref());
        String link = loreLink(s.ref());
        if (link != null) sb.append(" (").append(link).append(')');
        if (!s.note().isBlank()) sb.append(" — ").append(s.note());
        return sb.toString();
    }
}
