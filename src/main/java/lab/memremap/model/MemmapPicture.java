package lab.memremap.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A picture of a run of struct pages, one row per page, for readers: what word 0 (the low byte of
 * flags), word 1 (pgmap or compound_head), word 3 (mapping), word 6 (_refcount) and word 7 (_nr_pages)
 * hold, and what {@code page_folio()} makes of the page. It only reads the words (no kernel step, no
 * clock tick), so showing a picture never changes what a scenario does.
 *
 * <pre>{@code MemmapPicture.of(pgmap, 0, 8)}   // pages 0..7 of the pgmap
 * MemmapPicture.of(pgmap, 0, 4).and(511)       // pages 0..3, a gap, then page 511}</pre>
 */
public final class MemmapPicture implements Displayable {
    private final Machine m;
    private final long basePfn;
    private final List<Integer> offsets = new ArrayList<>();
    private String title;
    /** Rows read earlier and kept, for a picture of a past step; null for a live picture. */
    private List<Row> frozen;

    private MemmapPicture(Machine m, long basePfn) {
        this.m = m;
        this.basePfn = basePfn;
    }

    /** Pages {@code first .. first+count-1} of {@code pgmap} (offsets from its first pfn). */
    public static MemmapPicture of(DevPagemap pgmap, int first, int count) {
        Page p0 = pgmap.page(0);
        MemmapPicture pic = new MemmapPicture(p0.machine(), pgmap.startPfn());
        for (int i = 0; i < count; i++) pic.offsets.add(first + i);
        pic.title = pgmap.name;
        return pic;
    }

    /** Pages {@code first .. first+count-1} counted from {@code page}. */
    public static MemmapPicture of(Page page, int first, int count) {
        MemmapPicture pic = new MemmapPicture(page.machine(), page.pfn());
        for (int i = 0; i < count; i++) pic.offsets.add(first + i);
        return pic;
    }

    /** The pages {@code pfns} (ascending) of machine {@code m}, offsets counted from the first. */
    public static MemmapPicture ofPfns(Machine m, long... pfns) {
        if (pfns.length == 0) throw new IllegalArgumentException("MemmapPicture.ofPfns: no pfns");
        MemmapPicture pic = new MemmapPicture(m, pfns[0]);
        for (long pfn : pfns) {
            if (pfn < pfns[0]) throw new IllegalArgumentException(String.format("MemmapPicture.ofPfns: pfn 0x%x is below the first, 0x%x", pfn, pfns[0]));
            pic.offsets.add((int) (pfn - pfns[0]));
        }
        return pic;
    }

    /** This picture as it reads now, kept: later changes to the pages do not show in it. */
    public MemmapPicture freeze() {
        MemmapPicture copy = new MemmapPicture(m, basePfn);
        copy.offsets.addAll(offsets);
        copy.title = title;
        copy.frozen = List.copyOf(rows());
        return copy;
    }

    /** Adds more pages (offsets from the same base); a gap in the offsets shows as a row of dots. */
    public MemmapPicture and(int... more) {
        if (frozen != null) throw new IllegalStateException("MemmapPicture.and: a frozen picture keeps its pages");
        for (int o : more) offsets.add(o);
        return this;
    }

    public MemmapPicture title(String t) {
        this.title = t;
        return this;
    }

    /** One row: the words of one struct page and what they mean. */
    public record Row(int offset, long pfn, int flagsLow, String flagNames, String word1, String folio,
                      int refcount, String mapping, int nrPagesWord) {}

    public List<Row> rows() {
        if (frozen != null) return frozen;
        List<Row> out = new ArrayList<>();
        for (int off : offsets) {
            long pfn = basePfn + off;
            if (pfn < m.memmap().basePfn() || !m.memmap().isPopulated((int) (pfn - m.memmap().basePfn()))) {
                out.add(new Row(off, pfn, -1, "", "(no struct page: memmap not populated)", "", 0, "", 0));
                continue;
            }
            Page p = m.pfn_to_page(pfn);
            int flags = p.flags();
            String w1;
            String folio;
            if (p.word1_is_tail()) {
                Page head = m.compound_head(p);
                w1 = String.format("compound_head = head+1 (head pfn 0x%x)", head.pfn());
                folio = String.format("tail %+d of pfn 0x%x", pfn - head.pfn(), head.pfn());
            } else {
                DevPagemap pg = p.pgmap();
                w1 = pg == null ? "NULL" : "pgmap = " + pg.name;
                if (p.test_bit(PageFlagBits.PG_head)) {
                    int order = p.add(1).flags() & 0xff;
                    folio = "head, order " + order;
                } else {
                    folio = "order-0 folio";
                }
            }
            int nrWord = p.sub(1).as_folio()._nr_pages();
            String names = PageFlagBits.names(flags & 0xffff).replace("owner_2", "anon_exclusive");
            if (p.word1_is_tail() && m.compound_head(p).pfn() == pfn - 1) names = secondPageFlags(flags);
            out.add(new Row(off, pfn, flags & 0xff, names, w1, folio, p._refcount(),
                    PageDump.mappingName(p.mapping()), nrWord));
        }
        return out;
    }

    /** page[1] of a large folio: its low byte is the folio order, bit 9 PG_large_rmappable, PG_reclaim PG_partially_mapped. */
    static String secondPageFlags(int flags) {
        StringBuilder sb = new StringBuilder("order=" + (flags & 0xff));
        if ((flags & (1 << PageFlagBits.PG_large_rmappable)) != 0) sb.append("|large_rmappable");
        if ((flags & (1 << PageFlagBits.PG_partially_mapped)) != 0) sb.append("|partially_mapped");
        String rest = PageFlagBits.names(flags & 0xffff & ~0xff & ~(1 << PageFlagBits.PG_large_rmappable)
                & ~(1 << PageFlagBits.PG_partially_mapped));
        if (!rest.isEmpty()) sb.append('|').append(rest.replace("owner_2", "anon_exclusive"));
        return sb.toString();
    }

    private static final String[] HEADERS = {"page", "pfn", "w0 low byte", "w0 read as", "w1", "page_folio() says",
        "w6 _refcount", "w3 mapping", "w7 _nr_pages"};

    @Override public String summary() {
        List<Row> rows = rows();
        String pages = rows.isEmpty() ? "no pages" : rows.size() + (rows.size() == 1 ? " struct page" : " struct pages")
                + " ([" + rows.get(0).offset() + "]" + (rows.size() > 1 ? " to [" + rows.get(rows.size() - 1).offset() + "]" : "") + ")";
        return (title == null ? "" : title + ": ") + pages;
    }

    @Override public String toText() {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        Integer prev = null;
        for (Row r : rows()) {
            if (prev != null && r.offset() > prev + 1) cells.add(new String[] {"...", "", "", "", "", "", "", "", ""});
            prev = r.offset();
            cells.add(cellsOf(r));
        }
        int[] w = new int[HEADERS.length];
        for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
        StringBuilder sb = new StringBuilder();
        if (title != null) sb.append(title).append('\n');
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) line.append(String.format("%-" + w[i] + "s", c[i])).append(i + 1 < c.length ? "  " : "");
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String[] cellsOf(Row r) {
        if (r.flagsLow() < 0) return new String[] {"[" + r.offset() + "]", String.format("0x%x", r.pfn()), "", "", r.word1(), "", "", "", ""};
        return new String[] {"[" + r.offset() + "]", String.format("0x%x", r.pfn()), String.format("0x%02x", r.flagsLow()),
            r.flagNames().isEmpty() ? "-" : r.flagNames(), r.word1(), r.folio(), String.valueOf(r.refcount()), r.mapping(),
            r.nrPagesWord() == 0 ? "0" : String.valueOf(r.nrPagesWord())};
    }

    /**
     * Cells are styled by the front end, as every table in a notebook is; the rows carry only what they
     * mean: a head's colour, a tail's, an unpopulated page's.
     */
    @Override public String toHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<table style=\"font-family:monospace\">");
        if (title != null) sb.append("<caption>").append(Html.escape(title)).append("</caption>");
        sb.append("<tr>");
        for (String h : HEADERS) sb.append("<th>").append(Html.escape(h)).append("</th>");
        sb.append("</tr>");
        Integer prev = null;
        for (Row r : rows()) {
            if (prev != null && r.offset() > prev + 1)
                sb.append("<tr><td colspan=\"").append(HEADERS.length).append("\">&#8942; ")
                        .append(r.offset() - prev - 1).append(" pages not shown</td></tr>");
            prev = r.offset();
            String bg = r.flagsLow() < 0 ? "#eeeeee" : r.folio().startsWith("head") ? "#cfe2f3"
                    : r.folio().startsWith("tail") ? "#e8f1fa" : null;
            sb.append(bg == null ? "<tr>" : "<tr style=\"background:" + bg + "\">");
            for (String c : cellsOf(r)) sb.append("<td>").append(Html.escape(c)).append("</td>");
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    @Override public String toString() {
        return toText();
    }
}
