package lab.memremap.kernel.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import lab.memremap.kernel.WorkbookKernel;
import lab.memremap.kernel.io.CellContext;
import lab.memremap.kernel.io.OutputRouter;

/**
 * IJava's display functions, imported statically into every notebook: {@code display}, {@code render},
 * {@code updateDisplay}, plus {@code clearOutput} for live progress displays.
 */
public final class NotebookDisplay {
    private NotebookDisplay() {}

    /** Renders {@code o} with its preferred types, shows it now, and returns its display id. */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Renders {@code o} as the given MIME types (plus text/plain), shows it, and returns its display id. */
    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    public static DisplayData render(Object o) {
        if (o instanceof DisplayData d) return d;
        return WorkbookKernel.instance().renderValue(o);
    }

    public static DisplayData render(Object o, String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) return render(o);
        return WorkbookKernel.instance().getRenderer().renderAs(o, mimeTypes);
    }

    public static void updateDisplay(String id, Object o) {
        update(id, render(o));
    }

    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        update(id, render(o, mimeTypes));
    }

    /** Clears the cell's output at once. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's output; with {@code wait}, only when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        CellContext c = cell("clearOutput");
        c.clearOutput(wait);
    }

    private static String show(DisplayData data) {
        CellContext c = cell("display");
        String id = data.hasDisplayId() ? data.getDisplayId() : WorkbookKernel.instance().nextDisplayId();
        data.setDisplayId(id);
        c.display(DisplayBundles.toJson(data), false);
        return id;
    }

    private static void update(String id, DisplayData data) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("updateDisplay: display id is empty");
        }
        data.setDisplayId(id);
        cell("updateDisplay").display(DisplayBundles.toJson(data), true);
    }

    private static CellContext cell(String function) {
        CellContext c = OutputRouter.current();
        if (c == null) {
            throw new IllegalStateException(function + ": called outside a running cell (no notebook to show it in)");
        }
        return c;
    }
}
