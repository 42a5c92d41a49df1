package lab.memremap.notebook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.model.Oops;
import lab.memremap.model.Page;
import lab.memremap.model.PageFlagBits;
import lab.memremap.model.ScenarioStopped;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Watches a few struct pages while some kernel code runs, one row per kernel primitive: which
 * primitive ran (and on which CPU, when two run), the pgmap's reference count after it, and a short
 * summary of each watched page after it (what word 1 holds, the low flag byte, the refcount). For
 * following kernel code step by step on a picture of the memmap.
 *
 * <pre>{@code StepWatch.run(m, pgmap, new int[] {0, 1, 2}, () -> m.zoneDeviceInit(pgmap.page(0), pgmap, 9))}</pre>
 *
 * The last column marks the step where it goes wrong: a step after which the kernel log holds a new
 * WARN, BUG, hung task, percpu_ref underflow or use after free, and the first step after which a
 * condition given with {@link #markWhen} holds (the model's analysis, said in the reader's words). If
 * the code stops (an oops, a hung task), the table ends at the step that stopped it.
 *
 * <pre>{@code StepWatch.on(m, pgmap, 0, 5)
 *         .markWhen("page 0 locked instead of page 5", () -> pgmap.page(0).test_bit(PG_locked))
 *         .run(() -> m.zoneDevicePageInit(pgmap.page(5), pgmap))}</pre>
 *
 * Once the code hands a folio back to the driver (a free callback ran), the watch stops reading the
 * pages: a read of them from here on would itself be a use after the hand-back.
 */
public final class StepWatch {
    private final Machine m;
    private final DevPagemap pgmap;
    private final int[] offsets;
    private final Map<String, Predicate<String>> conditions = new LinkedHashMap<>();
    private final Set<String> marked = new HashSet<>();
    private StepRecorder<String[]> steps;
    private List<String> functions = List.of();
    private List<long[]> clocks = List.of();
    private final List<String> marks = new ArrayList<>();
    private int logSeen;
    private boolean handedBack;
    private boolean keepReading;

    private StepWatch(Machine m, DevPagemap pgmap, int[] offsets) {
        this.m = m;
        this.pgmap = pgmap;
        this.offsets = offsets.clone();
    }

    /** A watch of the pages at {@code offsets} of {@code pgmap}; {@link #run} runs the code. */
    public static StepWatch on(Machine m, DevPagemap pgmap, int... offsets) {
        return new StepWatch(m, pgmap, offsets);
    }

    /** Runs {@code code} and returns the table of its steps. */
    public static Table run(Machine m, DevPagemap pgmap, int[] offsets, Runnable code) {
        return on(m, pgmap, offsets).run(code);
    }

    /**
     * Marks the first step after which {@code wrong} holds, with {@code reason}. The condition is read
     * between primitives and must only read state (pages, counts), never call kernel code.
     */
    public StepWatch markWhen(String reason, BooleanSupplier wrong) {
        conditions.put(reason, primitive -> wrong.getAsBoolean());
        return this;
    }

    /**
     * Marks the first step after which {@code wrong} holds of the primitive that just ran (its name), for
     * what a step does rather than what it leaves behind: "this page_pgmap() read a stale head".
     */
    public StepWatch markStep(String reason, Predicate<String> wrong) {
        conditions.put(reason, wrong);
        return this;
    }

    /**
     * Goes on showing the pages after a free callback handed them back, for a race in which another
     * CPU re-uses them: the watch reads them, the code under watch has no right to.
     */
    public StepWatch keepReading() {
        keepReading = true;
        return this;
    }

    /**
     * Runs {@code scenario} on {@code design} once, recorded at every kernel primitive: the memmap picture
     * of the pages it touches, every pgmap's ref count and how far the kernel log had got, after each
     * step. The result is immutable; stepping through it (a {@link Stepper}) never runs the model again.
     */
    public static ScenarioSteps scenario(lab.memremap.scenario.Scenario scenario, lab.memremap.model.Design design) {
        return ScenarioSteps.record(scenario, design);
    }

    /** Runs {@code code} and returns the table of its steps. */
    public Table run(Runnable code) {
        logSeen = m.log().size();
        for (var c : conditions.entrySet()) if (c.getValue().test("")) marked.add(c.getKey()); // held before: not a step's doing
        steps = StepRecorder.attach(m, this::onStep);
        functions = steps.functions;
        clocks = steps.clocks;
        String stopped = null;
        try {
            code.run();
        } catch (ScenarioStopped | Oops e) {
            stopped = "stopped: " + e.getMessage();
        } finally {
            steps.stop();
        }
        if (stopped != null) {
            // The stop gets a row of its own, named for the function that stopped, unless a step already has it.
            List<KernelLog.Entry> entries = m.log().entries();
            String where = entries.size() > logSeen ? entries.get(entries.size() - 1).function() : "(stopped)";
            if (functions.isEmpty() || !functions.get(functions.size() - 1).equals(where)) {
                if (!functions.isEmpty()) markConditions(functions.size() - 1);   // what the last primitive left behind
                steps.add(where, state());
                marks.add("");
            }
        }
        if (!functions.isEmpty()) {
            markPrevious();
            // The log entry already names what stopped it; the exception's message would only repeat it.
            if (stopped != null) addMark(functions.size() - 1, marks.get(functions.size() - 1).isEmpty() ? stopped : "stopped");
        }
        return table(state());
    }

    /** The state before {@code function} runs; the rows so far end with the primitive before it. */
    private String[] onStep(String function) {
        if (!functions.isEmpty()) markPrevious();
        String[] s = state();
        marks.add("");
        if (function.startsWith("->")) handedBack = true;
        return s;
    }

    /** What went wrong in the primitive that just ran: new log entries that are failures, conditions that now hold. */
    private void markPrevious() {
        int row = functions.size() - 1;
        List<KernelLog.Entry> entries = m.log().entries();
        for (int i = logSeen; i < entries.size(); i++) {
            KernelLog.Entry e = entries.get(i);
            if (e.kind() != KernelLog.Kind.INFO) addMark(row, e.kind() + " in " + e.function() + "()");
        }
        logSeen = entries.size();
        markConditions(row);
    }

    private void markConditions(int row) {
        for (var c : conditions.entrySet())
            if (!marked.contains(c.getKey()) && c.getValue().test(functions.get(row))) {
                marked.add(c.getKey());
                addMark(row, c.getKey());
            }
    }

    private void addMark(int row, String what) {
        String was = marks.get(row);
        marks.set(row, was.isEmpty() ? "◀ " + what : was + "; " + what);
    }

    private String[] state() {
        String[] s = new String[offsets.length + 1];
        s[0] = String.valueOf(pgmap.ref.count());
        for (int i = 0; i < offsets.length; i++) s[i + 1] = handedBack && !keepReading ? "(driver owns it)" : page(offsets[i]);
        return s;
    }

    private String page(int off) {
        Page p = pgmap.page(off);
        String w1;
        if (p.word1_is_tail()) {
            long head = m.compound_head(p).pfn() - pgmap.startPfn();
            w1 = "tail of " + head;
        } else {
            w1 = p.pgmap() == null ? "NULL" : "pgmap";
        }
        int f = p.flags();
        String names = PageFlagBits.names(f & 0xff);
        return String.format("%s, 0x%02x%s, ref %d", w1, f & 0xff, names.isEmpty() ? "" : " " + names, p._refcount());
    }

    /** Row i: primitive i, and the state after it (= the state before primitive i+1, or the final state). */
    private Table table(String[] last) {
        boolean twoCpus = clocks.stream().mapToLong(c -> c[1]).distinct().count() > 1;
        boolean anyMark = marks.stream().anyMatch(s -> !s.isEmpty());
        List<StringColumn> cols = new ArrayList<>();
        Table t = Table.create("step by step", LongColumn.create("clock"));
        StringColumn cpu = StringColumn.create("cpu");
        if (twoCpus) t.addColumns(cpu);
        StringColumn fn = StringColumn.create("kernel primitive");
        StringColumn ref = StringColumn.create(pgmap.name + "->ref after");
        t.addColumns(fn, ref);
        for (int off : offsets) {
            StringColumn c = StringColumn.create("page " + off + " after");
            cols.add(c);
            t.addColumns(c);
        }
        StringColumn wrong = StringColumn.create("goes wrong");
        if (anyMark) t.addColumns(wrong);
        for (int i = 0; i < functions.size(); i++) {
            String[] after = steps.after(i, last);
            t.longColumn(0).append(clocks.get(i)[0]);
            cpu.append(String.valueOf((char) ('A' + clocks.get(i)[1])));
            fn.append(functions.get(i));
            ref.append(after[0]);
            for (int k = 0; k < offsets.length; k++) cols.get(k).append(after[k + 1]);
            wrong.append(marks.get(i));
        }
        return t;
    }
}
