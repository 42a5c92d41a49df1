package lab.memremap.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Map;
import lab.memremap.widgets.Widget;

/**
 * Shows a widget: the widget-view mime bundle that makes JupyterLab draw its model (whose comm opens
 * now), with {@code text/plain} and, where the widget has one, a {@code text/html} fallback in the same
 * bundle for front ends and exports without widgets.
 */
public final class WidgetRenderer {
    public static final String VIEW = "application/vnd.jupyter.widget-view+json";

    /** Renderers that have the registration: a second one would run too, and show a widget twice. */
    private static final java.util.Set<Renderer> REGISTERED =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    private WidgetRenderer() {}

    /** Registers widgets with {@code renderer}, once however often it is called. */
    public static void register(Renderer renderer) {
        if (!REGISTERED.add(renderer)) return;
        renderer.createRegistration(Widget.class)
                .preferring(VIEW, "text/html", "text/plain")
                .register((widget, context) -> {
                    Map<String, Object> bundle = widget.mimeBundle();
                    for (Map.Entry<String, Object> e : bundle.entrySet()) {
                        context.renderIfRequested(MIMEType.parse(e.getKey()), () -> e.getValue());
                    }
                });
    }
}
