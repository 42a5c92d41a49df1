package lab.memremap.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import lab.memremap.kernel.io.CellContext;
import lab.memremap.kernel.io.OutputRouter;
import lab.memremap.widgets.Frontend;
import lab.memremap.widgets.WidgetProtocol;
import lab.memremap.widgets.WidgetRegistry;

/**
 * Connects the widget API ({@code lab.memremap.widgets}) to the kernel's comms: widget models open comms to
 * {@code jupyter.widget}, their messages go out as comm_msg with the protocol version in the metadata, and
 * what the front end sends comes back to {@link WidgetRegistry#received}. A front end that opens
 * {@code jupyter.widget.version} is the classic Notebook's ipywidgets 6 (protocol 1): it gets the version it
 * asks for, and widgets show their fallback there instead of opening comms it would not understand.
 */
final class WidgetComms implements Frontend {
    private final Comms comms;
    private final IOPub iopub;

    WidgetComms(Comms comms, IOPub iopub) {
        this.comms = comms;
        this.iopub = iopub;
    }

    void install() {
        comms.register(WidgetRegistry.VERSION_TARGET, (commId, data, buffers) -> {
            WidgetRegistry.protocol(WidgetProtocol.V1);
            return new Comms.Handler() {
                @Override public void message(JsonObject validation, List<byte[]> b) {
                    // {validated, frontend_version}: nothing to do, widgets show their fallback either way
                }

                @Override public void ready(String id) {
                    JsonObject version = new JsonObject();
                    version.addProperty("version", WidgetRegistry.PROTOCOL_1_FRONTEND_VERSION);
                    comms.send(id, version, new JsonObject(), List.of());
                }
            };
        });
        WidgetRegistry.connect(this);
    }

    @Override public void open(String commId, String target, JsonObject data, JsonObject metadata, List<byte[]> buffers) {
        comms.open(commId, target, data, metadata, buffers, new Comms.Handler() {
            @Override public void message(JsonObject d, List<byte[]> b) {
                WidgetRegistry.received(commId, d, b);
            }

            @Override public void closed() {
                WidgetRegistry.closedByFrontend(commId);
            }
        });
    }

    @Override public void send(String commId, JsonObject data, List<byte[]> buffers) {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("version", WidgetProtocol.V2_1.version);
        comms.send(commId, data, metadata, buffers);
    }

    @Override public void close(String commId) {
        comms.close(commId);
    }

    @Override public String currentMessageId() {
        CellContext c = OutputRouter.current();
        return c == null || !c.parent().has("msg_id") ? "" : c.parent().get("msg_id").getAsString();
    }

    @Override public void flushOutput() {
        CellContext c = OutputRouter.current();
        if (c != null) c.flush();
    }

    @Override public void showError(Throwable error) {
        CellContext c = OutputRouter.current();
        if (c != null) c.flush();
        List<String> traceback = new ArrayList<>();
        traceback.add(error.getClass().getName() + ": " + error.getMessage());
        for (StackTraceElement e : error.getStackTrace()) {
            if (e.getClassName().startsWith("lab.memremap.widgets.") || e.getClassName().startsWith("lab.memremap.kernel.")
                    || e.getClassName().startsWith("java.")) continue;
            traceback.add("    at " + e);
            if (traceback.size() > 8) break;
        }
        iopub.error(Comms.parent(), error.getClass().getName(), String.valueOf(error.getMessage()), traceback);
    }
}
