package lab.memremap.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The widgets of this JVM that have a comm open, and the one front end they talk to. Model ids count up
 * from 1 in creation order, so a notebook run top to bottom gets the same ids every time and its committed
 * outputs stay comparable. The kernel calls {@link #received} for every message the front end sends to a
 * widget comm (on its callback thread, never the cell's).
 */
public final class WidgetRegistry {
    /** The comm target of widget models (both protocols). */
    public static final String TARGET = "jupyter.widget";
    /** The comm target a protocol-1 front end (ipywidgets 6) opens to check versions. */
    public static final String VERSION_TARGET = "jupyter.widget.version";
    /** The front-end version ipywidgets 6 answers on the version comm. */
    public static final String PROTOCOL_1_FRONTEND_VERSION = "~2.1.4";

    private static volatile Frontend frontend;
    private static volatile WidgetProtocol protocol = WidgetProtocol.V2_1;
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Map<String, Widget> OPEN = new ConcurrentHashMap<>();

    private WidgetRegistry() {}

    /** Called by the kernel at start-up. */
    public static void connect(Frontend f) {
        frontend = f;
    }

    /** The front end in use, or null when widgets cannot be shown live (no kernel). */
    static Frontend live() {
        return frontend;
    }

    /** True when displayed widgets become live widgets; false when only their fallback can be shown. */
    public static boolean isLive() {
        return live() != null;
    }

    public static WidgetProtocol protocol() {
        return protocol;
    }

    /** The kernel sets this when a front end announces its protocol (the version comm of ipywidgets 6). */
    public static void protocol(WidgetProtocol p) {
        protocol = java.util.Objects.requireNonNull(p, "WidgetRegistry.protocol: null");
    }

    static String nextId() {
        return String.format("memremap-widget-%04d", IDS.incrementAndGet());
    }

    static void opened(Widget w) {
        OPEN.put(w.modelId(), w);
    }

    static void forget(Widget w) {
        OPEN.remove(w.modelId());
    }

    /** The ids of the widgets with an open comm, sorted. */
    public static Set<String> openIds() {
        return new TreeSet<>(OPEN.keySet());
    }

    /** True when {@code commId} is a widget comm this JVM opened. */
    public static boolean isOpen(String commId) {
        return OPEN.containsKey(commId);
    }

    /**
     * A message from the front end to widget comm {@code commId}: {@code update} (state with buffer paths),
     * {@code request_state}, or {@code custom} (a button click). A malformed message throws
     * {@link IllegalArgumentException} naming what is wrong; the widget stays as it was.
     */
    public static void received(String commId, JsonObject data, List<byte[]> buffers) {
        Widget w = OPEN.get(commId);
        if (w == null) throw new IllegalArgumentException("WidgetRegistry.received: no open widget with comm id " + commId);
        if (data == null || !data.has("method") || !data.get("method").isJsonPrimitive()) {
            throw new IllegalArgumentException("WidgetRegistry.received: message to " + commId + " has no method: " + data);
        }
        String method = data.get("method").getAsString();
        switch (method) {
            case "update" -> {
                JsonElement state = data.get("state");
                if (state == null || !state.isJsonObject()) {
                    throw new IllegalArgumentException("WidgetRegistry.received: update to " + commId + " without a state object");
                }
                JsonElement paths = data.get("buffer_paths");
                w.updateFromFrontend(state.getAsJsonObject(), paths != null && paths.isJsonArray()
                        ? paths.getAsJsonArray() : new JsonArray(), buffers == null ? List.of() : buffers);
            }
            case "backbone" -> {   // protocol 1: flat state, binary values named by key
                JsonElement sync = data.get("sync_data");
                if (sync == null || !sync.isJsonObject()) {
                    throw new IllegalArgumentException("WidgetRegistry.received: backbone message to " + commId + " without sync_data");
                }
                JsonArray paths = new JsonArray();
                JsonElement keys = data.get("buffer_keys");
                if (keys != null && keys.isJsonArray()) {
                    for (JsonElement k : keys.getAsJsonArray()) {
                        JsonArray path = new JsonArray();
                        path.add(k);
                        paths.add(path);
                    }
                }
                w.updateFromFrontend(w.fromProtocol1(sync.getAsJsonObject()), paths, buffers == null ? List.of() : buffers);
            }
            case "request_state" -> w.sendState();
            case "custom" -> {
                JsonElement content = data.get("content");
                w.custom(content != null && content.isJsonObject() ? content.getAsJsonObject() : new JsonObject());
            }
            default -> throw new IllegalArgumentException("WidgetRegistry.received: unknown method \"" + method + "\" for " + commId);
        }
    }

    /** The front end closed a widget's comm: the widget is closed here too. */
    public static void closedByFrontend(String commId) {
        Widget w = OPEN.remove(commId);
        if (w != null) w.markClosed();
    }
}
