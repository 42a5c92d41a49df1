package lab.memremap.kernel.engine;

import java.util.List;

/**
 * Why a cell did not complete, in the terms of a Jupyter {@code error} message: the exception's name,
 * its message, and the traceback lines to show.
 */
public final class CellFailure extends Exception {
    private final String name;
    private final String value;
    private final List<String> traceback;

    public CellFailure(String name, String value, List<String> traceback) {
        super(name + ": " + value);
        this.name = name;
        this.value = value;
        this.traceback = List.copyOf(traceback);
    }

    public static CellFailure interrupted() {
        return new CellFailure("Interrupted", "the cell was stopped by an interrupt",
                List.of(Ansi.red("Interrupted:") + " the cell was stopped by an interrupt; the kernel state is kept"));
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public List<String> traceback() {
        return traceback;
    }

    /** The same failure with a note added at the end of its traceback. */
    public CellFailure withNote(String note) {
        List<String> lines = new java.util.ArrayList<>(traceback);
        lines.add(note);
        return new CellFailure(name, value, lines);
    }
}
