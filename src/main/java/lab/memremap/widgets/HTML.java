package lab.memremap.widgets;

/** A fragment of HTML, shown as it is. */
public final class HTML extends Widget {
    public HTML() {
        super("HTMLModel", "HTMLView");
        defineDescription();
        define("value", String.class, "");
        define("placeholder", String.class, "\u200b");
    }

    public static HTML of(String html) {
        return new HTML().value(html);
    }

    public String value() {
        return (String) get("value");
    }

    public HTML value(String v) {
        set("value", v == null ? "" : v);
        return this;
    }

    @Override public String toString() {
        return "HTML(" + value().length() + " characters)";
    }
}
