package lab.memremap.widgets;

/** Widgets one below the other. */
public class VBox extends Box {
    public VBox(Widget... children) {
        super("VBoxModel", "VBoxView", children);
    }
}
