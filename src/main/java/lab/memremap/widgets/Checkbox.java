package lab.memremap.widgets;

import java.util.List;

/** A check box with a label. */
public final class Checkbox extends Widget {
    public Checkbox() {
        super("CheckboxModel", "CheckboxView");
        defineDescription();
        define("value", Boolean.class, false);
        define("disabled", Boolean.class, false);
        define("indent", Boolean.class, true);
    }

    public static Checkbox of(String description, boolean value) {
        return new Checkbox().description(description).value(value);
    }

    public boolean value() {
        return (Boolean) get("value");
    }

    public Checkbox value(boolean v) {
        set("value", v);
        return this;
    }

    public Checkbox description(String d) {
        set("description", d);
        return this;
    }

    @Override protected Object validate(String name, Object value) {
        if (name.equals("value") && value == null) throw new IllegalArgumentException("Checkbox.value: null");
        return value;
    }

    @Override protected List<String> shownFields() {
        return List.of("value", "description");
    }
}
