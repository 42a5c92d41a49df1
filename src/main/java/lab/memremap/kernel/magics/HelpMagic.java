package lab.memremap.kernel.magics;

import java.util.Map;
import java.util.TreeMap;

/** {@code %help}: the magics and notebook functions, shown in the pager. */
public final class HelpMagic {
    private static final Map<String, String> FUNCTIONS = new TreeMap<>(Map.of(
            "display(obj[, mime...])", "show obj now (returns its display id)",
            "render(obj[, mime...])", "the display data of obj, e.g. as a cell's last value",
            "updateDisplay(id, obj[, mime...])", "replace what display(...) showed",
            "clearOutput([wait])", "clear the cell's output (wait: until new output arrives)",
            "eval(code)", "run Java code and return its value",
            "lineMagic(name, args) / cellMagic(name, args, body)", "call a magic from code",
            "getKernelInstance() / kernel()", "the running kernel (getRenderer(), getMagics(), addToClasspath())",
            "?name or name?", "documentation of name in the pager"));

    private final MagicHost host;
    private final MagicCatalog catalog;

    public HelpMagic(MagicHost host, MagicCatalog catalog) {
        this.host = host;
        this.catalog = catalog;
    }

    public void register(MagicCatalog target) {
        target.line("help", "this help, in the pager", args -> {
            host.page(text(), html());
            return null;
        });
    }

    String text() {
        StringBuilder out = new StringBuilder("memremap-lab Java kernel\n\nMagics:\n");
        catalog.help().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append(String.format("  %-22s %s%n", e.getKey(), e.getValue())));
        out.append("\nNotebook functions:\n");
        FUNCTIONS.forEach((k, v) -> out.append(String.format("  %-50s %s%n", k, v)));
        return out.toString();
    }

    String html() {
        StringBuilder out = new StringBuilder("<h3>memremap-lab Java kernel</h3><h4>Magics</h4><dl>");
        catalog.help().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append("<dt><code>").append(e.getKey()).append("</code></dt><dd>")
                        .append(e.getValue().replace("<", "&lt;")).append("</dd>"));
        out.append("</dl><h4>Notebook functions</h4><dl>");
        FUNCTIONS.forEach((k, v) -> out.append("<dt><code>").append(k).append("</code></dt><dd>").append(v).append("</dd>"));
        return out.append("</dl>").toString();
    }
}
