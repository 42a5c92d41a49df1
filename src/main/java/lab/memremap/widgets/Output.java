package lab.memremap.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An output area inside a widget layout. While {@link #capture} runs, whatever the current request prints
 * or displays lands here instead of in the cell: the front end collects every output whose parent is the
 * message id this widget holds in {@code msg_id}, as in ipywidgets. Widget callbacks write here (their own
 * request has no cell to write to once the cell has finished).
 */
public final class Output extends Widget {
    public Output() {
        super("OutputModel", "@jupyter-widgets/output", "1.0.0", "OutputView", "@jupyter-widgets/output", "1.0.0");
        define("msg_id", String.class, "");
        define("outputs", List.class, List.of());
    }

    /** Runs {@code body} with its output (prints, displays, errors) going to this widget. */
    public void capture(Runnable body) {
        Frontend f = WidgetRegistry.live();
        String id = f == null ? "" : f.currentMessageId();
        if (f == null || id.isEmpty()) {
            body.run();
            return;
        }
        open();
        String before = (String) get("msg_id");
        set("msg_id", id);
        try {
            body.run();
        } finally {
            f.flushOutput();
            set("msg_id", before);
        }
    }

    /** Adds text as if printed to standard output (works from any thread, with or without a request). */
    public void appendStdout(String text) {
        Map<String, Object> output = new java.util.LinkedHashMap<>();
        output.put("output_type", "stream");
        output.put("name", "stdout");
        output.put("text", text);
        append(output);
    }

    private synchronized void append(Map<String, Object> output) {
        @SuppressWarnings("unchecked")
        List<Object> all = new ArrayList<>((List<Object>) get("outputs"));
        all.add(output);
        set("outputs", List.copyOf(all));
    }

    /** Removes everything shown. */
    public void clear() {
        set("outputs", List.of());
        resend("outputs");  // what the front end captured never came back here, so "unchanged" is not
    }

    @Override protected List<String> shownFields() {
        return List.of("outputs");
    }
}
