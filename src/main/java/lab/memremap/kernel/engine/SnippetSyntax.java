package lab.memremap.kernel.engine;

import com.sun.source.util.JavacTask;
import java.net.URI;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Whether one snippet's text can be parsed as Java, using the JDK's own parser (the compiler API's
 * {@code JavacTask.parse()}, no attribution). JShell compiles a snippet inside a wrapper class: as a
 * member (a declaration), as a statement in a method, or as an expression assigned to a temporary; the
 * snippet parses if it parses in one of those places. Unknown names are not a syntax matter: they parse.
 */
final class SnippetSyntax {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private SnippetSyntax() {}

    /** True when {@code snippet} parses as an import, a member, a statement or an expression. */
    static boolean parses(String snippet, List<String> compilerOptions) {
        String s = snippet.strip();
        if (s.startsWith("import ") || s.startsWith("import\t")) return parsesAsUnit(s + "\nclass $W {}", compilerOptions);
        String expression = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
        return parsesAsUnit("class $W {\n" + s + "\n}", compilerOptions)
                || parsesAsUnit("class $W { void $m() throws Throwable {\n" + s + "\n} }", compilerOptions)
                || parsesAsUnit("class $W { Object $v = (\n" + expression + "\n); }", compilerOptions);
    }

    /** A string literal's offset in the source and its size in a class file. */
    record Literal(int offset, long bytes) {}

    /** The most bytes a string constant may take in a class file (a CONSTANT_Utf8 entry, JVMS 4.4.7). */
    static final int MAX_STRING_CONSTANT = 65535;

    /**
     * The size in a class file (modified UTF-8) of the longest string literal or text block in {@code source},
     * found by a lexical scan (comments and char literals skipped; escapes counted as one byte, text blocks
     * before their indentation is stripped). A scan, not a parse, so a 50 MB literal costs no more than reading it.
     */
    static Literal longestStringLiteral(String source) {
        Literal longest = new Literal(0, 0);
        int n = source.length();
        for (int i = 0; i < n; i++) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '\'') {
                for (i++; i < n && source.charAt(i) != '\''; i++) if (source.charAt(i) == '\\') i++;
            } else if (c == '"') {
                int start = i;
                boolean textBlock = source.startsWith("\"\"\"", i);
                String close = textBlock ? "\"\"\"" : "\"";
                long bytes = 0;
                for (i += close.length(); i < n && !source.startsWith(close, i); i++) {
                    char d = source.charAt(i);
                    if (d == '\\') {
                        i++;
                        bytes++;
                    } else if (!textBlock && d == '\n') {
                        break;  // an unterminated literal: javac reports it
                    } else {
                        bytes += d != 0 && d < 0x80 ? 1 : d < 0x800 ? 2 : 3;
                    }
                }
                if (textBlock) i += 2;
                if (bytes > longest.bytes()) longest = new Literal(start, bytes);
            }
        }
        return longest;
    }

    private static boolean parsesAsUnit(String source, List<String> compilerOptions) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///W.java"), JavaFileObject.Kind.SOURCE) {
            @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task;
        try {
            task = (JavacTask) JAVAC.getTask(null, null, diagnostics, compilerOptions, null, List.of(file));
        } catch (IllegalArgumentException badOption) {
            task = (JavacTask) JAVAC.getTask(null, null, diagnostics, List.of(), null, List.of(file));
        }
        try {
            task.parse();
        } catch (java.io.IOException e) {
            return true;  // cannot happen for an in-memory source; do not call the code invalid for it
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }
}
