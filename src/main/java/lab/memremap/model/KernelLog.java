package lab.memremap.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The kernel log (dmesg) of one model instance, in the kernel's own text formats (§2.12). Each entry
 * also carries a kind, so that results can be classified without parsing text.
 */
public final class KernelLog implements Displayable {
    /** What an entry reports. */
    public enum Kind {
        /** A WARN*, VM_WARN* splat: the kernel continues. */
        WARN,
        /** BUG, VM_BUG_ON, a bad page fault: the task is killed with an oops. */
        BUG,
        /** khungtaskd: a task blocked in D state for more than 120 s. */
        HUNG,
        /** lib/percpu-refcount.c: the ref went to or below zero when switching to atomic. */
        PERCPU_UNDERFLOW,
        /** Other lines the kernel prints (dump_page on its own, pr_info). The model's own notes are not here: see ModelNotes. */
        INFO
    }

    /** One log record; {@code text} may span several lines. */
    public record Entry(long clock, long timeUs, int cpu, Kind kind, String function, String text) {
        public String firstLine() {
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl);
        }
    }

    private final Config config;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> fired = new HashSet<>();

    KernelLog(Config config) {
        this.config = config;
    }

    void add(Entry e) {
        entries.add(e);
    }

    /** True the first time a ONCE site fires in this model instance. */
    boolean once(String site) {
        return fired.add(site);
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public List<Entry> of(Kind kind) {
        return entries.stream().filter(e -> e.kind == kind).toList();
    }

    public boolean has(Kind kind) {
        return entries.stream().anyMatch(e -> e.kind == kind);
    }

    public int size() {
        return entries.size();
    }

    /** The log as dmesg prints it, after the configuration banner. */
    public String dmesg() {
        return dmesg(entries.size());
    }

    /** The first {@code n} entries as dmesg prints them: the log as it stood earlier in a run. */
    public String dmesg(int n) {
        if (n < 0 || n > entries.size()) {
            throw new IllegalArgumentException("KernelLog.dmesg: " + n + " entries asked for, the log has " + entries.size());
        }
        StringBuilder sb = new StringBuilder(config.banner()).append('\n');
        for (Entry e : entries.subList(0, n)) {
            String stamp = String.format("[%5d.%06d] ", e.timeUs / 1_000_000, e.timeUs % 1_000_000);
            for (String line : e.text.split("\n", -1)) sb.append(stamp).append(line).append('\n');
        }
        return sb.toString();
    }

    /** One row per entry: clock, cpu, kind, function, first line. */
    public Table toTable() {
        Table t = Table.create("kernel log — " + config.banner(),
                LongColumn.create("clock"), IntColumn.create("cpu"), StringColumn.create("kind"),
                StringColumn.create("function"), StringColumn.create("message"));
        for (Entry e : entries) {
            t.longColumn("clock").append(e.clock);
            t.intColumn("cpu").append(e.cpu);
            t.stringColumn("kind").append(e.kind.name());
            t.stringColumn("function").append(e.function);
            t.stringColumn("message").append(e.firstLine());
        }
        return t;
    }

    /** How many entries, and how many of each kind that is not INFO: what a reader looks for first. */
    @Override public String summary() {
        StringBuilder sb = new StringBuilder("kernel log: ").append(entries.size()).append(entries.size() == 1 ? " entry" : " entries");
        for (Kind k : Kind.values()) {
            long n = entries.stream().filter(e -> e.kind == k).count();
            if (k != Kind.INFO && n > 0) sb.append(", ").append(n).append(' ').append(k);
        }
        return sb.toString();
    }

    @Override public String toText() {
        return dmesg();
    }

    @Override public String toHtml() {
        return toHtml(entries.size());
    }

    private static final java.util.regex.Pattern BUG_WORD = java.util.regex.Pattern.compile("\\bBUG\\b");

    /** The first {@code n} entries as HTML, coloured as {@link #toHtml()} colours them. */
    public String toHtml(int n) {
        StringBuilder sb = new StringBuilder("<pre style=\"font-size:90%\">");
        for (String line : dmesg(n).split("\n")) {
            // BUG as a word: the configuration banner's CONFIG_DEBUG_VM is no bug.
            String color = line.contains("WARNING:") ? "#b35806" : BUG_WORD.matcher(line).find() || line.contains("Oops")
                    ? "#b2182b" : line.contains("INFO: task") ? "#542788" : null;
            if (color != null) sb.append("<span style=\"color:").append(color).append("\">");
            sb.append(Html.escape(line));
            if (color != null) sb.append("</span>");
            sb.append('\n');
        }
        return sb.append("</pre>").toString();
    }

    @Override public String toString() {
        return dmesg();
    }
}
