package lab.memremap.widgets;

/**
 * The widget protocol a front end speaks. JupyterLab 4 and Notebook 7 speak 2.1 (models from
 * {@code @jupyter-widgets/controls} 2.0.0, state with buffer paths, display through the widget-view mime
 * type); the classic Notebook 6 with Debian's ipywidgets 6 speaks 1, which it announces by opening a comm
 * to {@code jupyter.widget.version}: models from {@code jupyter-js-widgets} ~2.1.4, flat state, binary
 * values named by key, {@code backbone} messages back, and a {@code display} message to show a view.
 * The same models serve both; {@link Widget} translates the few fields that differ.
 */
public enum WidgetProtocol {
    V2_1("2.1.0", 2, 0),
    /** The classic Notebook 6 with ipywidgets 6. */
    V1("1.0.0", 1, 0);

    /** The comm_open metadata version of the protocol. */
    public final String version;
    /** The widget-view mime bundle's version fields. */
    public final int viewMajor;
    public final int viewMinor;

    WidgetProtocol(String version, int viewMajor, int viewMinor) {
        this.version = version;
        this.viewMajor = viewMajor;
        this.viewMinor = viewMinor;
    }
}
