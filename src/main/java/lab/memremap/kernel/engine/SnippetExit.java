package lab.memremap.kernel.engine;

/**
 * Thrown in place of {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt} called from a cell:
 * it ends the cell, not the kernel. An {@link Error} so that {@code catch (Exception e)} in user code does not
 * swallow it.
 */
public final class SnippetExit extends Error {
    private final int status;

    public SnippetExit(int status) {
        super("exit status " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
