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
    private final boolean restartsEngine;

    public CellFailure(String name, String value, List<String> traceback) {
        this(name, value, traceback, false);
    }

    private CellFailure(String name, String value, List<String> traceback, boolean restartsEngine) {
        super(name + ": " + value);
        this.name = name;
        this.value = value;
        this.traceback = List.copyOf(traceback);
        this.restartsEngine = restartsEngine;
    }

    /** The same failure, marked as one that left JShell unusable: the engine restarts before it is reported. */
    public CellFailure restartingTheEngine() {
        List<String> lines = new java.util.ArrayList<>(traceback);
        lines.add("JShell could not recover from this, so the Java engine was restarted: all variables and definitions are lost.");
        return new CellFailure(name, value, lines, true);
    }

    public boolean restartsEngine() {
        return restartsEngine;
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
        return new CellFailure(name, value, lines, restartsEngine);
    }
}
