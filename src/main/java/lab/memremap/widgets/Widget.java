package lab.memremap.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Jupyter widget model, as ipywidgets has it: named fields that are kept in sync with the front end
 * (the model's state), a view the front end picks by name, and observers called when a field changes,
 * whoever changed it. Its comm opens when it is first displayed (or when a displayed widget refers to
 * it), with the full state; after that each change is sent as an {@code update}, and the front end's
 * updates come back through {@link WidgetRegistry#received}. Setters return the widget, so a widget is
 * its own builder: {@code IntSlider.builder().min(0).max(20).description("step")}.
 */
public abstract class Widget {
    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String CONTROLS_VERSION = "2.0.0";
    static final String BASE = "@jupyter-widgets/base";
    static final String BASE_VERSION = "2.0.0";
    static final String VIEW_MIME = "application/vnd.jupyter.widget-view+json";

    private final String id = WidgetRegistry.nextId();
    private final Map<String, Object> state = new LinkedHashMap<>();
    private final Map<String, Class<?>> types = new LinkedHashMap<>();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private final List<Widget> openWithThis = new CopyOnWriteArrayList<>();
    private volatile boolean open;
    private volatile boolean closed;
    private volatile Output output;

    private record Observer(String name, Consumer<Change> callback) {}

    /** A model of {@code @jupyter-widgets/controls} shown by the view of the same module. */
    protected Widget(String modelName, String viewName) {
        this(modelName, CONTROLS, CONTROLS_VERSION, viewName, CONTROLS, CONTROLS_VERSION);
    }

    protected Widget(String modelName, String modelModule, String modelVersion, String viewName, String viewModule,
                     String viewVersion) {
        define("_model_name", String.class, modelName);
        define("_model_module", String.class, modelModule);
        define("_model_module_version", String.class, modelVersion);
        define("_view_name", String.class, viewName);
        define("_view_module", String.class, viewModule);
        define("_view_module_version", String.class, viewVersion);
        define("_view_count", Integer.class, null);
        if (viewName != null) {
            define("_dom_classes", List.class, List.of());
            define("tabbable", Boolean.class, null);
            define("tooltip", String.class, null);
        }
    }

    /** The fields every control with a label has. */
    protected final void defineDescription() {
        define("description", String.class, "");
        define("description_allow_html", Boolean.class, false);
    }

    /** Declares a synced field with its Java type (Integer, Double, Boolean, String, byte[], List, Widget). */
    protected final synchronized void define(String name, Class<?> type, Object initial) {
        types.put(name, type);
        state.put(name, initial);
    }

    /** The model id, which is also its comm id: {@code IPY_MODEL_<id>} in references. */
    public String modelId() {
        return id;
    }

    /** The current value of a synced field. */
    public final synchronized Object get(String name) {
        if (!types.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".get: no field \"" + name + "\"; fields: " + types.keySet());
        }
        return state.get(name);
    }

    /** A copy of the whole synced state. */
    public final synchronized Map<String, Object> state() {
        return new LinkedHashMap<>(state);
    }

    /** Changes a field here: observers run and, once the comm is open, the front end is told. */
    protected final void set(String name, Object value) {
        Object old;
        Object checked;
        synchronized (this) {
            Class<?> type = types.get(name);
            if (type == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": no field \"" + name + "\"");
            }
            checked = validate(name, value);
            old = state.put(name, checked);
        }
        if (sameValue(old, checked)) return;
        sendUpdate(one(name, checked));
        notifyObservers(new Change(this, name, old, checked));
    }

    private static Map<String, Object> one(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) return java.util.Arrays.equals(x, y);
        return Objects.equals(a, b);
    }

    /** Sends a field's current value again (the front end may hold something else, e.g. captured output). */
    protected final void resend(String name) {
        sendUpdate(one(name, get(name)));
    }

    /** Checks or corrects a value about to be set (a slider clamps to its range); throws for a bad one. */
    protected Object validate(String name, Object value) {
        return value;
    }

    /** Calls {@code callback} whenever field {@code name} changes. */
    public void observe(String name, Consumer<Change> callback) {
        observers.add(new Observer(Objects.requireNonNull(name), Objects.requireNonNull(callback)));
    }

    /** Calls {@code callback} on every change of any field. */
    public void observe(Consumer<Change> callback) {
        observers.add(new Observer(null, Objects.requireNonNull(callback)));
    }

    /** Runs the observers of a change; one that throws shows its error (in the widget's output) and the rest still run. */
    protected final void notifyObservers(Change change) {
        for (Observer o : observers) {
            if (o.name() != null && !o.name().equals(change.name())) continue;
            try {
                o.callback().accept(change);
            } catch (RuntimeException | Error e) {
                reportError(e);
            }
        }
    }

    /** Sends output and errors of this widget's callbacks to {@code out} (the front end drops them otherwise). */
    public Widget output(Output out) {
        this.output = out;
        return this;
    }

    public Output output() {
        return output;
    }

    void reportError(Throwable e) {
        Frontend f = WidgetRegistry.live();
        if (f != null) {
            f.showError(e);
        } else {
            System.err.println(getClass().getSimpleName() + " callback failed: " + e);
        }
    }

    /** Runs a front-end message's handling with this widget's output capturing what it prints. */
    final void inCallback(Runnable handling) {
        Output out = output;
        if (out != null && out != this) {
            out.capture(() -> {
                try {
                    handling.run();
                } catch (RuntimeException e) {
                    reportError(e);
                }
            });
        } else {
            handling.run();
        }
    }

    /** Opens this widget's comm (and first those of the widgets it refers to) if a live front end is there. */
    public final void open() {
        Frontend f = WidgetRegistry.live();
        if (f == null || open || closed) return;
        for (Widget w : referencedWidgets()) w.open();
        synchronized (this) {
            if (open) return;
            List<byte[]> buffers = new ArrayList<>();
            JsonArray paths = new JsonArray();
            JsonObject metadata = new JsonObject();
            if (WidgetRegistry.protocol() == WidgetProtocol.V1) {
                // Protocol 1: the flat state; binary fields follow in an update, as ipywidgets 6 sends them.
                JsonObject flat = serialize(forProtocol1(state), paths, buffers);
                f.open(id, WidgetRegistry.TARGET, flat, metadata, List.of());
            } else {
                JsonObject data = new JsonObject();
                data.add("state", serialize(state, paths, buffers));
                data.add("buffer_paths", paths);
                metadata.addProperty("version", WidgetProtocol.V2_1.version);
                f.open(id, WidgetRegistry.TARGET, data, metadata, buffers);
            }
            open = true;
            WidgetRegistry.opened(this);
            if (WidgetRegistry.protocol() == WidgetProtocol.V1 && !buffers.isEmpty()) sendUpdate(binaryFields());
        }
        for (Widget w : openWithThis) w.open();
    }

    /** A widget (a link) to open as soon as this one is open. */
    final void openWith(Widget other) {
        openWithThis.add(other);
        if (open) other.open();
    }

    public boolean isOpen() {
        return open;
    }

    /** Closes the comm; the widget disappears from the front end. */
    public void close() {
        Frontend f = WidgetRegistry.live();
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (!open) return;
            open = false;
        }
        WidgetRegistry.forget(this);
        if (f != null) f.close(id);
    }

    final void markClosed() {
        open = false;
        closed = true;
    }

    private synchronized List<Widget> referencedWidgets() {
        List<Widget> out = new ArrayList<>();
        for (Object v : state.values()) collectWidgets(v, out);
        return out;
    }

    private static void collectWidgets(Object v, List<Widget> out) {
        if (v instanceof Widget w) out.add(w);
        else if (v instanceof List<?> l) for (Object o : l) collectWidgets(o, out);
    }

    /** The full state, as the answer to the front end's {@code request_state}. */
    final void sendState() {
        sendUpdate(state());
    }

    private synchronized Map<String, Object> binaryFields() {
        Map<String, Object> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (v instanceof byte[]) out.put(k, v);
        });
        return out;
    }

    private void sendUpdate(Map<String, Object> changed) {
        Frontend f = WidgetRegistry.live();
        if (f == null || !open) return;
        for (Widget w : referencedWidgets()) w.open();
        JsonArray paths = new JsonArray();
        List<byte[]> buffers = new ArrayList<>();
        JsonObject data = new JsonObject();
        data.addProperty("method", "update");
        if (WidgetRegistry.protocol() == WidgetProtocol.V1) {
            data.add("state", serialize(forProtocol1(changed), paths, buffers));
            JsonArray keys = new JsonArray();
            for (JsonElement p : paths) keys.add(p.getAsJsonArray().get(0));
            data.add("buffers", keys);
        } else {
            data.add("state", serialize(changed, paths, buffers));
            data.add("buffer_paths", paths);
        }
        f.send(id, data, buffers);
    }

    /**
     * State as protocol 1 has it: the models of {@code jupyter-js-widgets} ~2.1.4 instead of the
     * {@code @jupyter-widgets} packages; subclasses rename the fields that differ.
     */
    protected Map<String, Object> forProtocol1(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        for (String module : List.of("_model_module", "_view_module")) {
            if (out.get(module) instanceof String m && m.startsWith("@jupyter-widgets/")) {
                out.put(module, "jupyter-js-widgets");
                out.put(module + "_version", WidgetRegistry.PROTOCOL_1_FRONTEND_VERSION);
            } else if (out.containsKey(module + "_version") && !out.containsKey(module)) {
                out.put(module + "_version", WidgetRegistry.PROTOCOL_1_FRONTEND_VERSION);
            }
        }
        return out;
    }

    /** Fields from a protocol-1 front end as this model names them; the inverse of {@link #forProtocol1}. */
    protected JsonObject fromProtocol1(JsonObject sync) {
        return sync;
    }

    /** State as JSON; byte arrays leave the JSON and go to binary buffers named by their paths. */
    private static JsonObject serialize(Map<String, Object> values, JsonArray paths, List<byte[]> buffers) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() instanceof byte[] b) {
                JsonArray path = new JsonArray();
                path.add(e.getKey());
                paths.add(path);
                buffers.add(b);
                out.add(e.getKey(), JsonNull.INSTANCE);
            } else {
                out.add(e.getKey(), toJson(e.getValue()));
            }
        }
        return out;
    }

    static JsonElement toJson(Object v) {
        if (v == null || v instanceof JsonNull) return JsonNull.INSTANCE;
        if (v instanceof JsonElement j) return j;
        if (v instanceof Widget w) return new JsonPrimitive("IPY_MODEL_" + w.modelId());
        if (v instanceof Boolean b) return new JsonPrimitive(b);
        if (v instanceof Number n) return new JsonPrimitive(n);
        if (v instanceof String s) return new JsonPrimitive(s);
        if (v instanceof List<?> l) {
            JsonArray a = new JsonArray();
            for (Object o : l) a.add(toJson(o));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            for (Map.Entry<?, ?> e : m.entrySet()) o.add(String.valueOf(e.getKey()), toJson(e.getValue()));
            return o;
        }
        throw new IllegalArgumentException("Widget.toJson: cannot sync a " + v.getClass().getName());
    }

    /**
     * An {@code update} from the front end. Every field is checked before any is applied, so a malformed
     * message changes nothing; fields this model does not have are ignored, as ipywidgets ignores them.
     */
    final void updateFromFrontend(JsonObject incoming, JsonArray bufferPaths, List<byte[]> buffers) {
        Map<String, byte[]> binary = new LinkedHashMap<>();
        for (int i = 0; i < bufferPaths.size(); i++) {
            JsonElement p = bufferPaths.get(i);
            if (!p.isJsonArray() || p.getAsJsonArray().size() != 1 || i >= buffers.size()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": bad buffer path " + p + " (" + buffers.size() + " buffers)");
            }
            binary.put(p.getAsJsonArray().get(0).getAsString(), buffers.get(i));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        synchronized (this) {
            for (Map.Entry<String, JsonElement> e : incoming.entrySet()) {
                Class<?> type = types.get(e.getKey());
                if (type == null || e.getKey().startsWith("_model") || e.getKey().startsWith("_view_name")) continue;
                values.put(e.getKey(), fromJson(e.getKey(), type, e.getValue(), binary.get(e.getKey())));
            }
        }
        inCallback(() -> {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object old;
                Object checked;
                synchronized (this) {
                    checked = validate(e.getKey(), e.getValue());
                    old = state.put(e.getKey(), checked);
                }
                // The front end has its own value already; only a corrected one goes back.
                if (!sameValue(checked, e.getValue())) sendUpdate(one(e.getKey(), checked));
                if (!sameValue(old, checked)) notifyObservers(new Change(this, e.getKey(), old, checked));
            }
        });
    }

    private Object fromJson(String name, Class<?> type, JsonElement v, byte[] buffer) {
        if (buffer != null) {
            if (type != byte[].class) throw new IllegalArgumentException(getClass().getSimpleName() + "." + name + ": a binary buffer for a " + type.getSimpleName() + " field");
            return buffer;
        }
        if (v == null || v.isJsonNull()) return null;
        try {
            if (type == Integer.class) {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) throw new IllegalArgumentException("not a number: " + v);
                double d = v.getAsDouble();
                if (d != Math.rint(d)) throw new IllegalArgumentException("not an integer: " + v);
                return (int) d;
            }
            if (type == Double.class) {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) throw new IllegalArgumentException("not a number: " + v);
                return v.getAsDouble();
            }
            if (type == Boolean.class) {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) throw new IllegalArgumentException("not a boolean: " + v);
                return v.getAsBoolean();
            }
            if (type == String.class) {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) throw new IllegalArgumentException("not a string: " + v);
                return v.getAsString();
            }
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "." + name + ": " + v + " is not a " + type.getSimpleName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "." + name + ": " + e.getMessage());
        }
        throw new IllegalArgumentException(getClass().getSimpleName() + "." + name + ": the front end cannot set a " + type.getSimpleName() + " field");
    }

    /** A {@code custom} message from the front end (a button's click); none by default. */
    void custom(JsonObject content) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": unexpected custom message " + content);
    }

    /** The mime bundle that displays this widget: the view (when live), text, and for some an HTML fallback. */
    public Map<String, Object> mimeBundle() {
        Frontend f = WidgetRegistry.live();
        if (f != null && WidgetRegistry.protocol() == WidgetProtocol.V1) {
            // Protocol 1 shows a view when told to on the comm; the bundle itself stays invisible there.
            open();
            JsonObject display = new JsonObject();
            display.addProperty("method", "display");
            f.send(id, display, List.of());
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("model_id", id);
            return Map.of(VIEW_MIME, view);
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        String html = fallbackHtml();
        // Beside an HTML fallback, text/plain says in one line what it shows (the richest type is what front ends show).
        bundle.put("text/plain", html == null ? toString() : summary());
        if (html != null) bundle.put("text/html", html);
        open();
        if (open) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("version_major", WidgetProtocol.V2_1.viewMajor);
            view.put("version_minor", WidgetProtocol.V2_1.viewMinor);
            view.put("model_id", id);
            bundle.put(VIEW_MIME, view);
        }
        return bundle;
    }

    /** What a front end without widgets (an HTML export, the classic Notebook) shows; none by default. */
    protected String fallbackHtml() {
        return null;
    }

    /** One line for the text/plain beside {@link #fallbackHtml()}; {@link #toString()} by default. */
    protected String summary() {
        return toString();
    }

    /** The fields worth printing in {@link #toString()}. */
    protected List<String> shownFields() {
        return List.of("value");
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        String sep = "";
        Map<String, Object> s = state();
        for (String f : shownFields()) {
            if (!s.containsKey(f)) continue;
            Object v = s.get(f);
            sb.append(sep).append(f).append('=').append(v instanceof String str ? "'" + str + "'"
                    : v instanceof byte[] b ? b.length + " bytes" : v);
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
