package lab.memremap.kernel.engine;

/**
 * The targets that {@link SnippetRewriter} substitutes for the JVM's exit calls in snippet bytecode.
 * The SecurityManager could veto exits only up to JDK 23; rewriting the call works on every JDK.
 */
public final class ExitTrap {
    private ExitTrap() {}

    /** Replaces {@code System.exit(status)}. */
    public static void exit(int status) {
        throw new SnippetExit(status);
    }

    /** Replaces {@code runtime.exit(status)} and {@code runtime.halt(status)}. */
    public static void exit(Runtime runtime, int status) {
        throw new SnippetExit(status);
    }
}
