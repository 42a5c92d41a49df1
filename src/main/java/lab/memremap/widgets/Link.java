package lab.memremap.widgets;

import java.util.List;

/**
 * A link the front end keeps by itself: whenever the source field changes there, the target field is set
 * to the same value (and the change syncs to the kernel as any other). It has no view.
 */
public final class Link extends Widget {
    private Link(Widget source, String sourceField, Widget target, String targetField) {
        super("LinkModel", CONTROLS, CONTROLS_VERSION, null, null, "");
        define("source", List.class, List.of(source, sourceField));
        define("target", List.class, List.of(target, targetField));
    }

    /** Links {@code source.sourceField} to {@code target.targetField} in the front end, like ipywidgets' jslink. */
    public static Link jslink(Widget source, String sourceField, Widget target, String targetField) {
        source.get(sourceField);  // both fields must exist: a clear error here beats a silent front end
        target.get(targetField);
        Link l = new Link(source, sourceField, target, targetField);
        source.openWith(l);
        target.openWith(l);
        return l;
    }

    @Override protected List<String> shownFields() {
        return List.of("source", "target");
    }
}
