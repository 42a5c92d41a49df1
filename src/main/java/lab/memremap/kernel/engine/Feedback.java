package lab.memremap.kernel.engine;

import java.util.List;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * What the jshell tool says about a declaration that refers to something not declared yet, in its words:
 * "created class Mine, however, it cannot be referenced until class D4_v6 is declared".
 */
final class Feedback {
    private Feedback() {}

    /** The sentence for a declaration JShell kept without being able to use it fully. */
    static String unresolved(JShell js, SnippetEvent event) {
        DeclarationSnippet decl = (DeclarationSnippet) event.snippet();
        String action = event.previousStatus() == Snippet.Status.NONEXISTENT ? "created" : "modified";
        return action + " " + kindAndName(decl) + ", however, it cannot be " + restriction(decl, event.status())
                + " until " + listed(js.unresolvedDependencies(decl).toList()) + " declared";
    }

    private static String restriction(DeclarationSnippet decl, Snippet.Status status) {
        if (status == Snippet.Status.RECOVERABLE_NOT_DEFINED) return "referenced";
        return switch (decl.kind()) {
            case METHOD -> "invoked";
            case TYPE_DECL -> "instantiated or its methods invoked";
            default -> "referenced";
        };
    }

    private static String kindAndName(DeclarationSnippet decl) {
        if (decl instanceof MethodSnippet m) return "method " + m.name() + "(" + m.parameterTypes() + ")";
        String kind = switch (decl.subKind()) {
            case INTERFACE_SUBKIND -> "interface";
            case ENUM_SUBKIND -> "enum";
            case ANNOTATION_TYPE_SUBKIND -> "annotation interface";
            case RECORD_SUBKIND -> "record";
            case CLASS_SUBKIND -> "class";
            default -> decl.kind() == Snippet.Kind.VAR ? "variable" : "declaration";
        };
        return kind + " " + decl.name();
    }

    /** "class A is", "class A, and class B are", as jshell lists them. */
    private static String listed(List<String> names) {
        if (names.isEmpty()) return "something is";
        if (names.size() == 1) return names.get(0) + " is";
        return String.join(", ", names.subList(0, names.size() - 1)) + ", and " + names.get(names.size() - 1) + " are";
    }
}
