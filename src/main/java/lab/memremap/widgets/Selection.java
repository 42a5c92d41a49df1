package lab.memremap.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A choice of one option among several (a dropdown, toggle buttons). The front end sees the options'
 * labels and the selected index; Java code sees the options themselves. A change of index is also
 * reported to observers as a change of {@code "value"} (from one option to the other).
 */
public abstract class Selection<T, S extends Selection<T, S>> extends Widget {
    private volatile List<T> options = List.of();

    protected Selection(String model, String view) {
        super(model, view);
        defineDescription();
        define("_options_labels", List.class, List.of());
        define("index", Integer.class, null);
        define("disabled", Boolean.class, false);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** The options, shown by their {@code toString()}; the first one is selected. */
    public S options(List<? extends T> opts) {
        List<T> copy = List.copyOf(opts);
        List<String> labels = new ArrayList<>();
        for (T o : copy) labels.add(String.valueOf(o));
        options = copy;
        set("index", null);
        set("_options_labels", labels);
        if (!copy.isEmpty()) set("index", 0);
        return self();
    }

    public List<T> options() {
        return options;
    }

    /** The selected option, or null when nothing is selected. */
    public T value() {
        Integer i = index();
        return i == null ? null : options.get(i);
    }

    /** Selects {@code option}; it must be one of the options. */
    public S value(T option) {
        int i = options.indexOf(option);
        if (i < 0) throw new IllegalArgumentException(getClass().getSimpleName() + ".value: " + option + " is not one of " + options);
        set("index", i);
        return self();
    }

    public Integer index() {
        return (Integer) get("index");
    }

    public S index(int i) {
        set("index", i);
        return self();
    }

    /** The label of the selected option, or null. */
    public String label() {
        T v = value();
        return v == null ? null : String.valueOf(v);
    }

    public S description(String d) {
        set("description", d);
        return self();
    }

    public S disabled(boolean on) {
        set("disabled", on);
        return self();
    }

    @Override protected Object validate(String name, Object value) {
        if (name.equals("index") && value != null) {
            int i = (Integer) value;
            if (i < 0 || i >= options.size()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".index: " + i + " is outside 0.." + (options.size() - 1));
            }
        }
        return value;
    }

    /** Observers of "value" hear about index changes as option changes. */
    @Override public void observe(String name, java.util.function.Consumer<Change> callback) {
        if (!name.equals("value")) {
            super.observe(name, callback);
            return;
        }
        super.observe("index", c -> {
            Object before = c.oldValue() == null ? null : options.get((Integer) c.oldValue());
            Object after = c.newValue() == null ? null : options.get((Integer) c.newValue());
            if (!Objects.equals(before, after)) callback.accept(new Change(this, "value", before, after));
        });
    }

    /** Protocol 1 syncs the selected option's label as {@code value}, not an index. */
    @Override protected java.util.Map<String, Object> forProtocol1(java.util.Map<String, Object> values) {
        java.util.Map<String, Object> out = super.forProtocol1(values);
        if (out.containsKey("index")) {
            Object i = out.remove("index");
            List<String> labels = labels();
            out.put("value", i == null || (Integer) i >= labels.size() ? null : labels.get((Integer) i));
        }
        return out;
    }

    @Override protected com.google.gson.JsonObject fromProtocol1(com.google.gson.JsonObject sync) {
        com.google.gson.JsonObject out = sync.deepCopy();
        if (out.has("value")) {
            com.google.gson.JsonElement v = out.remove("value");
            int i = v.isJsonNull() ? -1 : labels().indexOf(v.getAsString());
            if (v.isJsonNull()) out.add("index", com.google.gson.JsonNull.INSTANCE);
            else if (i < 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": no option labelled " + v);
            else out.addProperty("index", i);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<String> labels() {
        return (List<String>) get("_options_labels");
    }

    @Override protected List<String> shownFields() {
        return List.of("_options_labels", "index", "description");
    }
}
