package lab.memremap.widgets;

import java.util.List;

/** A slider over whole numbers; the value stays within [min, max], as in ipywidgets. */
public final class IntSlider extends Widget {
    public IntSlider() {
        super("IntSliderModel", "IntSliderView");
        defineDescription();
        define("value", Integer.class, 0);
        define("min", Integer.class, 0);
        define("max", Integer.class, 100);
        define("step", Integer.class, 1);
        define("orientation", String.class, "horizontal");
        define("readout", Boolean.class, true);
        define("readout_format", String.class, "d");
        define("continuous_update", Boolean.class, true);
        define("disabled", Boolean.class, false);
        define("behavior", String.class, "drag-tap");
    }

    /** A new slider; set its fields with the fluent setters. */
    public static IntSlider builder() {
        return new IntSlider();
    }

    /** Ends a builder chain (the slider is its own builder). */
    public IntSlider build() {
        return this;
    }

    public int value() {
        return (Integer) get("value");
    }

    public IntSlider value(int v) {
        set("value", v);
        return this;
    }

    public int min() {
        return (Integer) get("min");
    }

    public IntSlider min(int v) {
        set("min", v);
        if (value() < v) set("value", v);
        return this;
    }

    public int max() {
        return (Integer) get("max");
    }

    public IntSlider max(int v) {
        set("max", v);
        if (value() > v) set("value", v);
        return this;
    }

    public IntSlider step(int v) {
        if (v <= 0) throw new IllegalArgumentException("IntSlider.step: " + v + " is not positive");
        set("step", v);
        return this;
    }

    public IntSlider description(String d) {
        set("description", d);
        return this;
    }

    public IntSlider continuousUpdate(boolean on) {
        set("continuous_update", on);
        return this;
    }

    public IntSlider disabled(boolean on) {
        set("disabled", on);
        return this;
    }

    @Override protected Object validate(String name, Object value) {
        if (name.equals("value")) {
            if (value == null) throw new IllegalArgumentException("IntSlider.value: null");
            int v = (Integer) value;
            return Math.max(min(), Math.min(max(), v));
        }
        return value;
    }

    @Override protected List<String> shownFields() {
        return List.of("value", "min", "max", "description");
    }
}
