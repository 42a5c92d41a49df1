package lab.memremap.model;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A readable picture of a run of struct pages: per pfn, whether it is a head, a tail (of which head)
 * or an order-0 page, the order a head's page[1] records, the low flag byte, refcount, mapcount, word 3
 * and the pgmap word 1 resolves to. Stale compound state shows up as tails of free heads.
 */
public final class MemmapView implements Displayable {
    private final Machine m;
    private final long startPfn;
    private final int count;

    MemmapView(Machine m, long startPfn, int count) {
        if (count <= 0 || count > 4096)
            throw new IllegalArgumentException("memmapView: count " + count + " (show 1 to 4096 pages)");
        this.m = m;
        this.startPfn = startPfn;
        this.count = count;
    }

    /** One row per struct page. */
    public Table toTable() {
        Table t = Table.create(String.format("memmap pfn 0x%x-0x%x — %s", startPfn, startPfn + count - 1, m.config.banner()),
                StringColumn.create("pfn"), StringColumn.create("role"), IntColumn.create("order"),
                StringColumn.create("flags"), IntColumn.create("refcount"), IntColumn.create("mapcount"),
                StringColumn.create("word3"), StringColumn.create("word1"));
        Memmap mm = m.memmap;
        for (int k = 0; k < count; k++) {
            int i = Math.toIntExact(startPfn + k - mm.basePfn);
            t.stringColumn("pfn").append(String.format("0x%x", startPfn + k));
            if (!mm.isPopulated(i)) {
                t.stringColumn("role").append("(no struct page)");
                t.intColumn("order").appendMissing();
                t.stringColumn("flags").append("");
                t.intColumn("refcount").appendMissing();
                t.intColumn("mapcount").appendMissing();
                t.stringColumn("word3").append("");
                t.stringColumn("word1").append("");
                continue;
            }
            int w1 = mm.word1[i];
            boolean tail = (w1 & 1) != 0;
            boolean head = !tail && (mm.flags[i] & (1 << PageFlagBits.PG_head)) != 0;
            t.stringColumn("role").append(tail ? String.format("tail of 0x%x", mm.pfn(w1 >>> 1)) : head ? "head" : "order-0");
            if (head && i + 1 < mm.n) t.intColumn("order").append(mm.flags[i + 1] & 0xff);
            else if (tail || head) t.intColumn("order").appendMissing();
            else t.intColumn("order").append(0);
            t.stringColumn("flags").append(String.format("%02x %s", mm.flags[i] & 0xff, PageFlagBits.names(mm.flags[i] & 0xffff)));
            t.intColumn("refcount").append(mm.refcount[i]);
            t.intColumn("mapcount").append(mm.mapcount[i] + 1);
            t.stringColumn("word3").append(PageDump.mappingName(mm.mapping[i]));
            t.stringColumn("word1").append(tail ? String.format("%016x", m.word1Address(w1)) : w1 == 0 ? "NULL" : m.pgmapById(w1 >>> 1).name);
        }
        return t;
    }

    @Override public String toText() {
        return toTable().printAll();
    }

    @Override public String toHtml() {
        Table t = toTable();
        StringBuilder sb = new StringBuilder("<table style=\"font-family:monospace;font-size:85%\"><caption>")
                .append(Html.escape(t.name())).append("</caption><tr>");
        for (String c : t.columnNames()) sb.append("<th>").append(Html.escape(c)).append("</th>");
        sb.append("</tr>");
        for (int r = 0; r < t.rowCount(); r++) {
            String role = t.stringColumn("role").get(r);
            String bg = role.equals("head") ? "#d1e5f0" : role.startsWith("tail") ? "#f7f7f7" : "#ffffff";
            if (t.stringColumn("flags").get(r).contains("locked") && !role.startsWith("tail")) bg = "#fddbc7";
            sb.append("<tr style=\"background:").append(bg).append("\">");
            for (String c : t.columnNames()) sb.append("<td>").append(Html.escape(t.getString(r, c))).append("</td>");
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    @Override public String toString() {
        return toText();
    }
}
