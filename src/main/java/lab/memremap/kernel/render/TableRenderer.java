package lab.memremap.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;

/** A Tablesaw table as an HTML table (long tables show their head and tail) with Tablesaw's text as fallback. */
final class TableRenderer {
    static final int MAX_ROWS = 60;
    private static final MIMEType HTML = MIMEType.parse("text/html");
    private static final MIMEType TEXT = MIMEType.parse("text/plain");

    private TableRenderer() {}

    static void render(Table table, RenderContext context) {
        context.renderIfRequested(HTML, () -> html(table));
        context.renderIfRequested(TEXT, () -> table.print());
    }

    static String html(Table table) {
        StringBuilder out = new StringBuilder("<table class=\"memremap-table\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            out.append("<caption>").append(HtmlText.escape(table.name())).append("</caption>\n");
        }
        out.append("<thead><tr>");
        for (String name : table.columnNames()) out.append("<th>").append(HtmlText.escape(name)).append("</th>");
        out.append("</tr></thead>\n<tbody>\n");
        int rows = table.rowCount();
        int head = rows > MAX_ROWS ? MAX_ROWS / 2 : rows;
        for (int r = 0; r < head; r++) row(table, r, out);
        if (rows > MAX_ROWS) {
            out.append("<tr><td colspan=\"").append(table.columnCount()).append("\">… ")
                    .append(rows - MAX_ROWS).append(" more rows …</td></tr>\n");
            for (int r = rows - MAX_ROWS / 2; r < rows; r++) row(table, r, out);
        }
        out.append("</tbody>\n</table>\n<p>").append(rows).append(" rows × ").append(table.columnCount())
                .append(" columns</p>");
        return out.toString();
    }

    private static void row(Table table, int r, StringBuilder out) {
        out.append("<tr>");
        for (int c = 0; c < table.columnCount(); c++) {
            out.append("<td>").append(HtmlText.escape(table.column(c).getString(r))).append("</td>");
        }
        out.append("</tr>\n");
    }
}
