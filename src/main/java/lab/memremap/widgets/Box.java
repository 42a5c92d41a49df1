package lab.memremap.widgets;

import java.util.List;

/** Widgets laid out in a row ({@link HBox}) or a column ({@link VBox}). */
public abstract class Box extends Widget {
    protected Box(String model, String view, Widget... children) {
        super(model, view);
        define("children", List.class, List.of(children));
        define("box_style", String.class, "");
    }

    @SuppressWarnings("unchecked")
    public List<Widget> children() {
        return (List<Widget>) get("children");
    }

    public Box children(Widget... children) {
        set("children", List.of(children));
        return this;
    }

    @Override protected List<String> shownFields() {
        return List.of("children");
    }
}
