package lab.memremap.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.Snippet;

/**
 * Turns JShell's failures into tracebacks a notebook reader can follow: the real exception class, its
 * message and cause chain, and stack frames given as lines of the cell instead of JShell's {@code #12:1}.
 */
final class Tracebacks {
    private static final int MAX_FRAMES = 25;
    private static final int MAX_CAUSE_FRAMES = 8;

    private Tracebacks() {}

    /** A runtime exception thrown by a snippet; {@code snippetLines} maps snippet ids to their first cell line. */
    static CellFailure runtime(EvalException e, Map<String, Integer> snippetLines) {
        List<String> lines = new ArrayList<>();
        String className = e.getExceptionClassName();
        String message = e.getMessage() == null ? "" : e.getMessage();
        lines.add(Ansi.red(className) + (message.isEmpty() ? "" : ": " + message));
        addFrames(lines, e.getStackTrace(), snippetLines, MAX_FRAMES);
        Throwable cause = e.getCause();
        while (cause != null) {
            String causeName = cause instanceof EvalException ee ? ee.getExceptionClassName() : cause.getClass().getName();
            lines.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            addFrames(lines, cause.getStackTrace(), snippetLines, MAX_CAUSE_FRAMES);
            cause = cause.getCause();
        }
        return new CellFailure(className, message, lines);
    }

    /** A snippet javac rejected: the snippet's line with the error span underlined, then the message. */
    static CellFailure compile(SourcePiece piece, String cell, List<Diag> diagnostics) {
        List<String> lines = new ArrayList<>();
        String first = null;
        int baseLine = piece.firstLine(cell);
        for (Diag d : diagnostics) {
            if (!d.isError()) continue;
            String message = d.getMessage(null);
            if (first == null) first = message;
            String src = piece.source();
            int at = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
            int end = (int) Math.max(at + 1, Math.min(d.getEndPosition(), src.length()));
            int lineStart = src.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = src.indexOf('\n', at);
            if (lineEnd < 0) lineEnd = src.length();
            int lineNo = baseLine + (int) src.substring(0, lineStart).chars().filter(ch -> ch == '\n').count();
            lines.add(Ansi.red("compile error") + " at cell line " + lineNo + ": " + message.split("\n")[0]);
            lines.add("    " + src.substring(lineStart, lineEnd));
            lines.add("    " + " ".repeat(at - lineStart) + "^".repeat(Math.max(1, Math.min(end, lineEnd) - at)));
        }
        if (first == null) first = "the snippet was rejected";
        return new CellFailure("CompilationError", first.split("\n")[0], lines);
    }

    private static void addFrames(List<String> lines, StackTraceElement[] frames, Map<String, Integer> snippetLines, int max) {
        int shown = 0;
        for (StackTraceElement f : frames) {
            String cls = f.getClassName();
            if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                    || cls.startsWith("jdk.jshell.") || cls.startsWith("java.lang.Thread")) {
                continue;
            }
            if (shown == max) {
                lines.add("    ...");
                return;
            }
            lines.add("    at " + describe(f, snippetLines));
            shown++;
            if (SnippetRewriter.DO_IT.equals(f.getMethodName())) return;  // below it is JShell's machinery
        }
    }

    private static String describe(StackTraceElement f, Map<String, Integer> snippetLines) {
        String file = f.getFileName();
        if (file == null || !file.startsWith("#")) return f.toString();
        String id = file.substring(1);
        String where;
        Integer first = snippetLines.get(id);
        if (first != null) {
            where = "cell line " + (first + Math.max(1, f.getLineNumber()) - 1);
        } else {
            where = "snippet " + id + " line " + f.getLineNumber();
        }
        String method = f.getMethodName();
        String cls = f.getClassName();
        // Snippet wrapper classes look like REPL.$JShell$12$Point; keep only the user's part.
        String userClass = cls.replaceFirst("^REPL\\.\\$JShell\\$\\d+\\$?", "").replace('$', '.');
        String name = SnippetRewriter.DO_IT.equals(method) ? "" : (userClass.isEmpty() ? method : userClass + "." + method);
        return name + "(" + where + ")";
    }

    static String describe(Snippet snippet) {
        return snippet.source().strip().split("\n")[0];
    }
}
