package lab.memremap.model;

/**
 * A workbook object that knows how to show itself to a reader: as HTML in a notebook, as text on a
 * terminal. The model stays free of any Jupyter dependency; the kernel's renderers (and a stock IJava
 * kernel, after one registration call) turn this into display data.
 */
public interface Displayable {
    /** A self-contained HTML fragment (no scripts, no external resources). */
    String toHtml();

    /** The plain-text form, laid out for a terminal (what {@code text/plain} carries when it is asked for alone). */
    String toText();

    /**
     * One line that says what the HTML shows: the {@code text/plain} beside {@code text/html} in a
     * display bundle. Front ends show the richest type, so a second full copy there only weighs on the
     * notebook; a plain-text consumer still learns what the output is. By default the first
     * non-blank line of {@link #toText()}.
     */
    default String summary() {
        for (String line : toText().split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return getClass().getSimpleName();
    }
}
