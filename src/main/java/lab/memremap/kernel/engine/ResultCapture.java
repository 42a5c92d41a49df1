package lab.memremap.kernel.engine;

/**
 * Holds the object the last snippet returned. JShell itself only hands back a string; the snippet
 * rewriter makes every {@code do_it$} method pass its return value through {@link #keep} so the kernel
 * can render the real object (an image, a table, a chart) while keeping JShell's stock execution control.
 */
public final class ResultCapture {
    private static volatile Object last;

    private ResultCapture() {}

    /** Called by rewritten snippet bytecode just before {@code do_it$} returns. */
    public static Object keep(Object value) {
        last = value;
        return value;
    }

    static void clear() {
        last = null;
    }

    static Object take() {
        Object value = last;
        last = null;
        return value;
    }
}
