package lab.memremap.kernel.engine;

/** The little HTML the engine produces: escaping, and javadoc's block tags laid out as a list. */
final class Html {
    private Html() {}

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Javadoc is already HTML in its body; its {@code @param}/{@code @return} tags become a definition list. */
    static String javadoc(String javadoc) {
        String[] parts = javadoc.strip().split("\n\\s*(?=@\\w+)");
        StringBuilder out = new StringBuilder(parts[0].replaceAll("\\{@code ([^}]*)}", "<code>$1</code>"));
        if (parts.length > 1) {
            out.append("<dl>");
            for (int i = 1; i < parts.length; i++) {
                String tag = parts[i].strip();
                int space = tag.indexOf(' ');
                String name = space < 0 ? tag : tag.substring(0, space);
                String body = space < 0 ? "" : tag.substring(space + 1);
                out.append("<dt>").append(escape(name.substring(1))).append("</dt><dd>")
                        .append(body.replaceAll("\\{@code ([^}]*)}", "<code>$1</code>")).append("</dd>");
            }
            out.append("</dl>");
        }
        return out.toString();
    }
}
