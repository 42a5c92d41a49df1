package lab.memremap.kernel.engine;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Answers Jupyter's is_complete: {@code complete}, {@code invalid}, or {@code incomplete} with an indent.
 * JShell's {@code UNKNOWN} (syntax it cannot place) counts as complete to {@code isComplete()}, so it is
 * checked first; IJava missed that and never answered {@code invalid}. JShell calls some code that cannot
 * parse complete ({@code int x = 1 +* 2;}), so each complete snippet is also parsed ({@link SnippetSyntax}).
 */
public final class CompletenessChecker {
    /** The verdict, and for incomplete code the indent of the next line. */
    public record Verdict(String status, String indent) {}

    private final JShellEngine engine;

    public CompletenessChecker(JShellEngine engine) {
        this.engine = engine;
    }

    public Verdict check(String code) {
        SourceCodeAnalysis analysis = engine.shell().sourceCodeAnalysis();
        String rest = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.UNKNOWN) return new Verdict("invalid", null);
            if (c == Completeness.EMPTY) return new Verdict("complete", null);
            if (!c.isComplete()) return new Verdict("incomplete", indentAfter(code));
            if (!SnippetSyntax.parses(info.source(), engine.compilerOptions())) return new Verdict("invalid", null);
            if (info.remaining().isBlank()) return new Verdict("complete", null);
            rest = info.remaining();
        }
    }

    /** Keep the last line's indent, two more after an opening brace or parenthesis. */
    private static String indentAfter(String code) {
        String last = code.substring(code.lastIndexOf('\n') + 1);
        int n = 0;
        while (n < last.length() && last.charAt(n) == ' ') n++;
        String trimmed = last.strip();
        if (trimmed.endsWith("{") || trimmed.endsWith("(")) n += 2;
        return " ".repeat(n);
    }
}
