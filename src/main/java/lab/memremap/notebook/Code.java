package lab.memremap.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import lab.memremap.model.Sources;

/**
 * The Java source of a method of the workbook (a design's kernel function, say), read from the
 * repository's {@code src/main/java} next to the notebooks, so a notebook shows the very code it runs.
 *
 * <pre>{@code Code.of(D4_V6.class, "zone_device_folio_init")}</pre>
 *
 * The source folder is {@code ../src/main/java} from the notebook's folder, or the system property
 * {@code memremap.lab.src}. Overloads of the same name are all shown. Below the Java, the links to the C it
 * models, derived from the method's {@code @Source} ({@link Sources#links}): the posted patch on lore, the
 * file at its tag or commit, the definition in released kernels with checked line numbers.
 */
public final class Code implements Displayable {
    private final String title;
    private final String text;
    private final List<Sources.Link> links;

    private Code(String title, String text, List<Sources.Link> links) {
        this.title = title;
        this.text = text;
        this.links = links;
    }

    private Code(String title, String text) {
        this(title, text, List.of());
    }

    /** Where the C that this Java models can be read. */
    public List<Sources.Link> links() {
        return links;
    }

    public static Code of(Class<?> type, String method) {
        // A design that inherits a function unchanged (D4's init is v3's) shows it from the class that declares it.
        final Class<?> declaring = declaringClass(type, method);
        String asked = type.getSimpleName();
        String inherited = declaring != type ? "  (inherited unchanged from " + declaring.getSimpleName() + ")" : "";
        type = declaring;
        Class<?> top = type;
        while (top.getEnclosingClass() != null) top = top.getEnclosingClass();
        String rel = top.getName().replace('.', '/') + ".java";
        Path file = sourceRoot().resolve(rel);
        String title = asked + "." + method + "()" + inherited;
        if (!Files.isReadable(file))
            return new Code(title, "(source not found: " + rel + " under " + sourceRoot() + "; run the notebook from the repository's notebooks/ folder)");
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> found = extract(lines, method);
            if (found.isEmpty()) return new Code(title, "(no method " + method + " in " + rel + ")");
            return new Code(title + "  —  " + "src/main/java/" + rel, String.join("\n\n", found), Sources.links(declaring, method));
        } catch (IOException e) {
            return new Code(title, "(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    private static Class<?> declaringClass(Class<?> type, String method) {
        for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass())
            for (java.lang.reflect.Method m : k.getDeclaredMethods())
                if (m.getName().equals(method)) return k;
        return type;
    }

    static Path sourceRoot() {
        String p = System.getProperty("memremap.lab.src");
        return p != null ? Path.of(p) : Path.of("..", "src", "main", "java");
    }

    /** Every method declaration named {@code name}: its javadoc and annotations, signature and body. */
    static List<String> extract(List<String> lines, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String t = l.strip();
            if (t.startsWith("*") || t.startsWith("//") || t.startsWith("/*")) continue;
            int at = l.indexOf(" " + name + "(");
            if (at < 0 || !l.contains("{") || l.contains(" new ") || t.startsWith("return") || l.contains("=")) continue;
            int start = i;
            while (start > 0) {
                String p = lines.get(start - 1).strip();
                if (p.startsWith("@") || p.startsWith("*") || p.startsWith("/**") || p.startsWith("*/")) start--;
                else break;
            }
            int depth = 0;
            int end = i;
            for (int j = i; j < lines.size(); j++) {
                for (char c : lines.get(j).toCharArray()) {
                    if (c == '{') depth++;
                    else if (c == '}') depth--;
                }
                if (depth == 0) {
                    end = j;
                    break;
                }
            }
            int indent = lines.get(i).length() - lines.get(i).stripLeading().length();
            StringBuilder sb = new StringBuilder();
            for (int j = start; j <= end; j++) {
                String s = lines.get(j);
                sb.append(s.length() >= indent && s.substring(0, indent).isBlank() ? s.substring(indent) : s.strip()).append('\n');
            }
            out.add(sb.toString().stripTrailing());
            i = end;
        }
        return out;
    }

    /**
     * Two listings side by side, each with the links to its own C: the same function in two versions, or
     * where the work moved between versions (v6's folio-level init against v7's page-level one).
     */
    public static Displayable sideBySide(Code left, Code right) {
        return new Displayable() {
            @Override public String toText() {
                return left.toText() + "\n\n" + right.toText();
            }

            @Override public String summary() {
                return left.summary() + "  |  " + right.summary();
            }

            @Override public String toHtml() {
                return "<table style=\"border-collapse:collapse\"><tr>"
                        + "<td style=\"vertical-align:top;padding-right:12px;width:50%\">" + left.toHtml() + "</td>"
                        + "<td style=\"vertical-align:top;width:50%\">" + right.toHtml() + "</td></tr></table>";
            }

            @Override public String toString() {
                return toText();
            }
        };
    }

    @Override public String toText() {
        StringBuilder sb = new StringBuilder("// " + title + "\n" + text);
        for (Sources.Link l : links) sb.append("\n// the C: ").append(l);
        return sb.toString();
    }

    @Override public String toHtml() {
        return "<div style=\"font-size:85%;color:#555\">" + Html.escape(title) + "</div>"
                + "<pre style=\"background:#f6f8fa;padding:8px;border-left:3px solid #1f77b4\">" + Html.escape(text) + "</pre>"
                + linksHtml();
    }

    private String linksHtml() {
        if (links.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("<div style=\"font-size:85%\">The C: ");
        for (int i = 0; i < links.size(); i++) {
            Sources.Link l = links.get(i);
            sb.append(i == 0 ? "" : " · ").append("<a href=\"").append(Html.escape(l.url())).append("\" target=\"_blank\">")
                    .append(Html.escape(l.label())).append("</a>");
        }
        return sb.append("</div>").toString();
    }

    @Override public String toString() {
        return toText();
    }
}
