package lab.memremap.widgets;

/** Widgets side by side. */
public class HBox extends Box {
    public HBox(Widget... children) {
        super("HBoxModel", "HBoxView", children);
    }
}
