package lab.memremap.kernel.engine;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.memremap.model.Source;
import lab.memremap.model.Sources;

/**
 * Adds the kernel source of a workbook function to what inspection shows: for a signature such as
 * {@code void PageAlloc.prep_compound_page(Page page, int order)}, the {@code @Source} of that method
 * (file, commit or Message-ID with its lore link, note), and the links to read its C (see {@link Sources#links}).
 */
final class Citations {
    private static final Pattern CALL = Pattern.compile("([\\w.$]+)\\.(\\w+)\\(");
    private static final List<String> PACKAGES = List.of("lab.memremap.model.", "lab.memremap.design.",
            "lab.memremap.driver.", "lab.memremap.scenario.", "lab.memremap.matrix.", "lab.memremap.explore.");

    private Citations() {}

    /** The citation line for the method a JShell signature names, if it has one. */
    static Optional<String> forSignature(String signature) {
        Matcher m = CALL.matcher(signature);
        if (!m.find()) return Optional.empty();
        Class<?> owner = resolve(m.group(1));
        if (owner == null) return Optional.empty();
        Optional<Source> s = Sources.of(owner, m.group(2));
        String function = m.group(2);
        return s.map(src -> {
            StringBuilder sb = new StringBuilder(Sources.describe(src));
            for (Sources.Link l : Sources.links(src, function)) sb.append("\n    the C: ").append(l);
            return sb.toString();
        });
    }

    private static Class<?> resolve(String name) {
        ClassLoader loader = Citations.class.getClassLoader();
        if (name.contains(".")) return load(name, loader);
        for (String p : PACKAGES) {
            Class<?> c = load(p + name, loader);
            if (c != null) return c;
        }
        return null;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
