package lab.memremap.kernel.engine;

import java.util.List;
import java.util.Optional;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * Shift-Tab inspection and {@code ?name}: the signatures and javadoc of what is under the cursor.
 * JShell documents a call only with the cursor inside the name or after its {@code (}; frontends put the
 * cursor at the end of the name, so the lookup also tries the name completed with {@code (}.
 */
public final class Inspector {
    /** What was found: plain text and an HTML rendering of the same. */
    public record Documentation(String text, String html) {}

    private final JShellEngine engine;

    public Inspector(JShellEngine engine) {
        this.engine = engine;
    }

    public Optional<Documentation> inspect(String cell, int cursor) {
        JShell js = engine.shell();
        SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
        int nameEnd = cursor;
        while (nameEnd < cell.length() && Character.isJavaIdentifierPart(cell.charAt(nameEnd))) nameEnd++;
        int nameStart = cursor;
        while (nameStart > 0 && (Character.isJavaIdentifierPart(cell.charAt(nameStart - 1)) || cell.charAt(nameStart - 1) == '.')) nameStart--;
        String before = cell.substring(0, nameEnd);
        SourcePiece piece = Completer.pieceAt(analysis, before, nameEnd);
        String src = before.substring(piece.start());
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(src + "(", src.length() + 1, true);
        if (docs.isEmpty()) docs = analysis.documentation(src, Math.max(0, src.length() - 1), true);
        if (docs.isEmpty()) docs = analysis.documentation(src, src.length(), true);
        if (!docs.isEmpty()) return Optional.of(render(docs));
        String name = cell.substring(nameStart, nameEnd);
        return js.variables().filter(v -> v.name().equals(name) && js.status(v).isActive()).findFirst()
                .map(v -> variable(js, v));
    }

    private static Documentation variable(JShell js, VarSnippet v) {
        String value = js.varValue(v);
        String text = v.typeName() + " " + v.name() + " = " + value;
        return new Documentation(text, "<pre>" + Html.escape(text) + "</pre>");
    }

    private static Documentation render(List<SourceCodeAnalysis.Documentation> docs) {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            text.append(d.signature()).append('\n');
            html.append("<p><code>").append(Html.escape(d.signature())).append("</code></p>\n");
            Citations.forSignature(d.signature()).ifPresent(c -> {
                text.append("    ").append(c).append('\n');
                html.append("<p><small>").append(Html.escape(c)).append("</small></p>\n");
            });
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append(indent(d.javadoc().strip())).append('\n');
                html.append("<div>").append(Html.javadoc(d.javadoc())).append("</div>\n");
            }
            text.append('\n');
        }
        return new Documentation(text.toString().strip(), html.toString());
    }

    private static String indent(String s) {
        return "    " + s.replace("\n", "\n    ");
    }
}
