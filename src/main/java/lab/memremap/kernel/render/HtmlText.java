package lab.memremap.kernel.render;

/** HTML escaping for the renderers' own markup. */
final class HtmlText {
    private HtmlText() {}

    static String escape(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
