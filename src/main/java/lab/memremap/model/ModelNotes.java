package lab.memremap.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The workbench's own notes: what the model knows and a real kernel never prints (a use after the
 * free callback, a put through a stale pointer, what a KASAN kernel would report, a check whose line
 * the model does not know, an invariant the explorer found broken). Kept apart from the
 * {@link KernelLog}, which holds only lines in the kernel's own printk formats, and shown differently
 * in text ("[model] " on every line), in HTML (a box of its own) and in tables (their own title), so
 * a reader always knows what the kernel prints and what the workbench adds.
 */
public final class ModelNotes implements Displayable {
    /** Every text line of a note starts with this, so it can never be read as dmesg. */
    public static final String PREFIX = "[model] ";

    /** What a note says. */
    public enum Kind {
        /** The kernel used a folio, page or pgmap after handing it back (what Outcome.UAF counts). */
        USE_AFTER_FREE,
        /** What a KASAN (or other debugging) kernel would report where a production kernel prints nothing. */
        KASAN,
        /** An invariant of kernel-history.md §2.11 that no longer holds (the explorer's and the scenarios'). */
        INVARIANT,
        /** About the model's sources: a check whose line number for this kernel version is not known, etc. */
        SOURCE,
        /** Anything else worth telling: progress of a driver, an observation that is not a failure. */
        INFO
    }

    /** One note; {@code text} may span several lines. */
    public record Note(long clock, int cpu, Kind kind, String function, String text) {
        public String firstLine() {
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl);
        }
    }

    private final List<Note> notes = new ArrayList<>();

    ModelNotes() {}

    void add(Note n) {
        notes.add(n);
    }

    public List<Note> entries() {
        return Collections.unmodifiableList(notes);
    }

    public List<Note> of(Kind kind) {
        return notes.stream().filter(n -> n.kind == kind).toList();
    }

    public boolean has(Kind kind) {
        return notes.stream().anyMatch(n -> n.kind == kind);
    }

    public int size() {
        return notes.size();
    }

    public boolean isEmpty() {
        return notes.isEmpty();
    }

    @Override public String summary() {
        return "workbench notes (the model's analysis, not kernel output): " + notes.size();
    }

    /** Every note, each line prefixed with {@link #PREFIX} and the note's kind. */
    @Override public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Note n : notes) {
            String head = PREFIX + String.format("clock %d cpu %c %s: ", n.clock, (char) ('A' + n.cpu),
                    n.kind.name().toLowerCase().replace('_', '-'));
            String[] lines = n.text.split("\n", -1);
            sb.append(head).append(lines[0]).append('\n');
            for (int i = 1; i < lines.length; i++) sb.append(PREFIX).append("    ").append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    /** A box of its own, headed so that nobody takes it for kernel output. */
    @Override public String toHtml() {
        StringBuilder sb = new StringBuilder("<div style=\"border-left:4px solid #2166ac;background:#eef4fb;padding:2px 8px;"
                + "margin:4px 0\"><div style=\"font-weight:bold;color:#2166ac\">workbench notes — the model's analysis,"
                + " not printed by the kernel</div><ul style=\"margin:2px 0\">");
        for (Note n : notes)
            sb.append("<li><i>").append(Html.escape(n.kind.name().toLowerCase().replace('_', '-'))).append("</i> (clock ")
                    .append(n.clock).append(", cpu ").append((char) ('A' + n.cpu)).append("): <span style=\"white-space:pre-wrap\">")
                    .append(Html.escape(n.text)).append("</span></li>");
        return sb.append("</ul></div>").toString();
    }

    /** One row per note: clock, cpu, kind, function, first line; the title says whose notes they are. */
    public Table toTable() {
        Table t = Table.create("workbench notes (not kernel output)", LongColumn.create("clock"), IntColumn.create("cpu"),
                StringColumn.create("kind"), StringColumn.create("function"), StringColumn.create("note"));
        for (Note n : notes) {
            t.longColumn("clock").append(n.clock);
            t.intColumn("cpu").append(n.cpu);
            t.stringColumn("kind").append(n.kind.name());
            t.stringColumn("function").append(n.function);
            t.stringColumn("note").append(n.firstLine());
        }
        return t;
    }

    @Override public String toString() {
        return toText();
    }
}
