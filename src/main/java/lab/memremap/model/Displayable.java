package lab.memremap.model;

/**
 * A workbook object that knows how to show itself to a reader: as HTML in a notebook, as text on a
 * terminal. The model stays free of any Jupyter dependency; the kernel's renderers (and a stock IJava
 * kernel, after one registration call) turn this into display data.
 */
public interface Displayable {
    /** A self-contained HTML fragment (no scripts, no external resources). */
    String toHtml();

    /** The plain-text form, laid out for a terminal; also the fallback of the HTML form. */
    String toText();
}
