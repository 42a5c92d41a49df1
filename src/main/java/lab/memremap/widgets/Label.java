package lab.memremap.widgets;

/** A line of plain text. */
public final class Label extends Widget {
    public Label() {
        super("LabelModel", "LabelView");
        defineDescription();
        define("value", String.class, "");
        define("placeholder", String.class, "\u200b");
    }

    public static Label of(String text) {
        return new Label().value(text);
    }

    public String value() {
        return (String) get("value");
    }

    public Label value(String v) {
        set("value", v == null ? "" : v);
        return this;
    }
}
