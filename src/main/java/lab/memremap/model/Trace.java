package lab.memremap.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every change of a page or folio refcount and of a pgmap ref count, with the logical clock, the
 * kernel function that made it and the simulated CPU. At scale (an 80 GiB pgmap) it keeps only
 * counts per kernel function, not an object per event.
 */
public final class Trace {
    /** One change. {@code target} is "pgmap:NAME" or "pfn:0x...", {@code value} the value after it. */
    public record Event(long clock, int cpu, String operation, String caller, String function, String target,
                        long delta, long value) {}

    private final Machine m;
    private boolean keepEvents = true;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, long[]> perFunction = new TreeMap<>();

    Trace(Machine m) {
        this.m = m;
    }

    /** Keep an event object per change (true, the default) or only per-function counts (false). */
    public void keepEvents(boolean keep) {
        this.keepEvents = keep;
    }

    public boolean keepsEvents() {
        return keepEvents;
    }

    void pgmapRef(String function, PercpuRef ref, long delta, long value) {
        record(function, ref.name, delta, value);
    }

    void refcount(String function, int idx, long delta, long value) {
        if (!keepEvents) {
            count(function);
            return;
        }
        record(function, String.format("pfn:0x%x", m.memmap.pfn(idx)), delta, value);
    }

    /** A step with no count change worth an event (a callback); counted only. */
    void event(String function, int idx, long delta, long value) {
        count(function);
    }

    private void record(String function, String target, long delta, long value) {
        count(function);
        if (keepEvents)
            events.add(new Event(m.clock, m.currentCpu(), m.currentOperation(), caller(function), function, target, delta, value));
    }

    /** The kernel-named function that called the primitive (e.g. zone_device_page_init), from the stack. */
    private static String caller(String primitive) {
        return StackWalker.getInstance().walk(s -> s
                .filter(f -> !f.getClassName().startsWith("lab.memremap.model.") || f.getClassName().endsWith("Test"))
                .map(StackWalker.StackFrame::getMethodName)
                .filter(n -> WarnSite.looksKernelNamed(n) && !n.equals(primitive))
                .findFirst().orElse(""));
    }

    private void count(String function) {
        perFunction.computeIfAbsent(function, k -> new long[1])[0]++;
    }

    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** Calls per kernel function that changed a count (kept in both modes). */
    public Map<String, Long> countsPerFunction() {
        Map<String, Long> out = new TreeMap<>();
        perFunction.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** The events as a table: clock, cpu, operation, caller, function, target, delta, value. */
    public Table toTable() {
        Table t = Table.create("trace — " + m.config.banner(),
                LongColumn.create("clock"), IntColumn.create("cpu"), StringColumn.create("operation"),
                StringColumn.create("caller"), StringColumn.create("function"), StringColumn.create("target"),
                LongColumn.create("delta"), LongColumn.create("value"));
        for (Event e : events) {
            t.longColumn("clock").append(e.clock);
            t.intColumn("cpu").append(e.cpu);
            t.stringColumn("operation").append(e.operation);
            t.stringColumn("caller").append(e.caller);
            t.stringColumn("function").append(e.function);
            t.stringColumn("target").append(e.target);
            t.longColumn("delta").append(e.delta);
            t.longColumn("value").append(e.value);
        }
        return t;
    }

    /** Per-function counts as a table (the aggregate view used at scale). */
    public Table countsTable() {
        Table t = Table.create("trace counts — " + m.config.banner(), StringColumn.create("function"),
                LongColumn.create("calls"));
        countsPerFunction().forEach((k, v) -> {
            t.stringColumn("function").append(k);
            t.longColumn("calls").append(v);
        });
        return t;
    }
}
