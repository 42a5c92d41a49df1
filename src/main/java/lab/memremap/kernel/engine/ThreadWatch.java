package lab.memremap.kernel.engine;

/**
 * Shows the uncaught exceptions of threads a cell starts. JShell runs a cell in a thread group whose
 * {@code uncaughtException} keeps only its own bookkeeping and drops everything else, so an exception (even
 * an OutOfMemoryError) that ends a cell's thread vanished. {@link SnippetRewriter} calls {@link #watch} just
 * before every {@code start()} in snippet code: the thread gets a handler that prints the exception, as the
 * JVM's default handler would, on the standard error of the cell that started it.
 */
public final class ThreadWatch {
    private ThreadWatch() {}

    /** Called with the receiver of a {@code start()} call; only a new thread without a handler of its own is changed. */
    public static void watch(Object receiver) {
        if (!(receiver instanceof Thread t) || t.getState() != Thread.State.NEW) return;
        if (t.getUncaughtExceptionHandler() != t.getThreadGroup()) return;  // the cell set its own handler
        t.setUncaughtExceptionHandler(ThreadWatch::report);
    }

    private static void report(Thread thread, Throwable e) {
        if (e instanceof ThreadDeath) return;  // a stopped cell, which the JVM does not report either
        // System.err belongs to the cell that started the thread (an inherited owner): its output shows it.
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace(System.err);
    }
}
