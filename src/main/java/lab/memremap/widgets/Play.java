package lab.memremap.widgets;

import java.util.List;

/**
 * Play/pause buttons that count {@code value} from min to max every {@code interval} milliseconds, in the
 * front end. Linked to a slider ({@link #linkedTo}) it plays the slider, without the kernel in the loop.
 */
public final class Play extends Widget {
    public Play() {
        super("PlayModel", "PlayView");
        defineDescription();
        define("value", Integer.class, 0);
        define("min", Integer.class, 0);
        define("max", Integer.class, 100);
        define("step", Integer.class, 1);
        define("interval", Integer.class, 100);
        define("playing", Boolean.class, false);
        define("repeat", Boolean.class, false);
        define("show_repeat", Boolean.class, true);
        define("disabled", Boolean.class, false);
    }

    public static Play builder() {
        return new Play();
    }

    public Play build() {
        return this;
    }

    /** A Play over the slider's range whose value the front end links to the slider's ({@link Link#jslink}). */
    public static Play linkedTo(IntSlider slider) {
        Play p = new Play().min(slider.min()).max(slider.max()).value(slider.value());
        Link.jslink(p, "value", slider, "value");
        return p;
    }

    public int value() {
        return (Integer) get("value");
    }

    public Play value(int v) {
        set("value", v);
        return this;
    }

    public Play min(int v) {
        set("min", v);
        return this;
    }

    public Play max(int v) {
        set("max", v);
        return this;
    }

    public Play step(int v) {
        set("step", v);
        return this;
    }

    /** Milliseconds between two steps. */
    public Play interval(int ms) {
        if (ms <= 0) throw new IllegalArgumentException("Play.interval: " + ms + " ms is not positive");
        set("interval", ms);
        return this;
    }

    public boolean playing() {
        return (Boolean) get("playing");
    }

    public Play playing(boolean on) {
        set("playing", on);
        return this;
    }

    public Play repeat(boolean on) {
        set("repeat", on);
        return this;
    }

    public Play description(String d) {
        set("description", d);
        return this;
    }

    /** Protocol 1 (ipywidgets 6) calls the playing flag {@code _playing}. */
    @Override protected java.util.Map<String, Object> forProtocol1(java.util.Map<String, Object> values) {
        java.util.Map<String, Object> out = super.forProtocol1(values);
        if (out.containsKey("playing")) out.put("_playing", out.remove("playing"));
        return out;
    }

    @Override protected com.google.gson.JsonObject fromProtocol1(com.google.gson.JsonObject sync) {
        com.google.gson.JsonObject out = sync.deepCopy();
        if (out.has("_playing")) out.add("playing", out.remove("_playing"));
        return out;
    }

    @Override protected List<String> shownFields() {
        return List.of("value", "min", "max", "interval");
    }
}
