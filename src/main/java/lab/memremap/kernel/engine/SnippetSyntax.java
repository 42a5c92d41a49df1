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
