package lab.memremap.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import tech.tablesaw.api.Table;

/**
 * A Tablesaw table as an HTML table (long tables show their head and tail) with a one-line summary as its
 * text/plain; asked for text/plain alone, Tablesaw's own text.
 */
final class TableRenderer {
    static final int MAX_ROWS = 60;

    private TableRenderer() {}

    static void render(Table table, RenderContext context) {
        RichText.render(context, () -> html(table), () -> summary(table), table::print);
    }

    /** "name: 5 rows × 4 columns", the text/plain beside the HTML table. */
    static String summary(Table table) {
        String name = table.name() == null || table.name().isBlank() ? "table" : table.name().strip();
        return name + ": " + table.rowCount() + (table.rowCount() == 1 ? " row" : " rows") + " × "
                + table.columnCount() + (table.columnCount() == 1 ? " column" : " columns");
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
