package lab.memremap.kernel.io;

/**
 * Thrown when a cell reads {@code System.in} although its request does not allow input
 * ({@code allow_stdin=False}: nbconvert and other batch runs), as ipykernel raises
 * {@code StdinNotImplementedError}. Unchecked, so a {@code Scanner} does not turn it into "No line found".
 */
public final class InputNotAvailable extends UnsupportedOperationException {
    public InputNotAvailable() {
        super("input is not available here: this cell was run without stdin (allow_stdin=False, as nbconvert and"
                + " other batch runs do), so System.in cannot ask for a line");
    }
}
