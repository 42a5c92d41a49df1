package lab.memremap.model;

import java.lang.reflect.Method;
import java.util.Optional;

/** Reads the {@link Source} citations of kernel-named functions, for logs and for inspection in a notebook. */
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
