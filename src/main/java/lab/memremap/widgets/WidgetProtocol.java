package lab.memremap.widgets;

/**
 * The widget protocol a front end speaks. JupyterLab 4 and Notebook 7 speak 2.1 (models from
 * {@code @jupyter-widgets/controls} 2.0.0); the classic Notebook 6 with Debian's ipywidgets 6 speaks 1,
 * which it announces by opening a comm to {@code jupyter.widget.version}. Widgets here speak 2.1 only: for
 * a protocol-1 front end they open no comms and display as their text and HTML fallback instead.
 */
public enum WidgetProtocol {
    V2_1("2.1.0", 2, 0),
    /** The classic Notebook 6 with ipywidgets 6: shown through the fallback, never as a broken widget. */
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
