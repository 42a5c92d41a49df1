package lab.memremap.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Machine;
import lab.memremap.model.Page;
import lab.memremap.model.PageFlagBits;
import lab.memremap.scenario.Scenario;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Watches a few struct pages while some kernel code runs, one row per kernel primitive: which
 * primitive ran, the pgmap's reference count after it, and a short summary of each watched page
 * after it (what word 1 holds, the low flag byte, the refcount). For following an init function
 * step by step on a picture of the memmap.
 *
 * <pre>{@code StepWatch.run(m, pgmap, new int[] {0, 1, 2}, () -> m.zoneDeviceInit(pgmap.page(0), pgmap, 9))}</pre>
 *
 * Once the code hands a folio back to the driver (a free callback ran), the watch stops reading the
 * pages: a read of them from here on would itself be a use after the hand-back.
 */
public final class StepWatch<S> {
    private final Machine m;
    private final Function<String, S> probe;
    private final List<String> functions = new ArrayList<>();
    private final List<long[]> clocks = new ArrayList<>();
    private final List<S> before = new ArrayList<>();
    private boolean active;

    /** What was watched: one entry per primitive (function, clock, cpu) and the state after each. */
    record Watched<S>(List<String> functions, List<long[]> clocks, List<S> after) {}

    private StepWatch(Machine m, Function<String, S> probe) {
        this.m = m;
        this.probe = probe;
    }

    /**
     * Starts watching {@code m}: from now on each primitive records the state {@code probe} reads just
     * before it runs (given the primitive's name; null for the final state).
     */
    static <S> StepWatch<S> attach(Machine m, Function<String, S> probe) {
        StepWatch<S> w = new StepWatch<>(m, probe);
        m.addStepListener((mach, fn) -> w.onStep(fn));
        w.active = true;
        return w;
    }

    /** Stops watching; row i is primitive i and the state after it (= before primitive i+1, or the final state). */
    Watched<S> finish() {
        active = false;
        S last = probe.apply(null);
        List<S> after = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) after.add(i + 1 < before.size() ? before.get(i + 1) : last);
        return new Watched<>(List.copyOf(functions), List.copyOf(clocks), after);
    }

    private void onStep(String function) {
        if (!active) return;
        functions.add(function);
        clocks.add(new long[] {m.clock(), m.currentCpu()});
        before.add(probe.apply(function));
    }

    /** Runs {@code code} and returns the table of its steps. */
    public static Table run(Machine m, DevPagemap pgmap, int[] offsets, Runnable code) {
        PageSummary summary = new PageSummary(m, pgmap, offsets.clone());
        StepWatch<String[]> w = attach(m, summary::state);
        Watched<String[]> watched;
        try {
            code.run();
        } finally {
            watched = w.finish();
        }
        return summary.table(watched);
    }

    /**
     * Runs {@code scenario} on {@code design} once, watched at every kernel primitive: the memmap picture
     * of the pages it touches, every pgmap's ref count and how much of the kernel log there is after each
     * step. The result is immutable; stepping through it never runs the model again.
     */
    public static ScenarioSteps scenario(Scenario scenario, Design design) {
        return ScenarioSteps.record(scenario, design);
    }

    /**
     * The summary of a few pages the table shows. Once the code hands a folio back to the driver (a free
     * callback ran), the watch stops reading the pages: a read of them from here on would itself be a use
     * after the hand-back.
     */
    private static final class PageSummary {
        private final Machine m;
        private final DevPagemap pgmap;
        private final int[] offsets;
        private boolean handedBack;

        PageSummary(Machine m, DevPagemap pgmap, int[] offsets) {
            this.m = m;
            this.pgmap = pgmap;
            this.offsets = offsets;
        }

        String[] state(String next) {
            String[] s = new String[offsets.length + 1];
            s[0] = String.valueOf(pgmap.ref.count());
            for (int i = 0; i < offsets.length; i++) s[i + 1] = handedBack ? "(driver owns it)" : page(offsets[i]);
            if (next != null && next.startsWith("->")) handedBack = true;
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

        Table table(Watched<String[]> w) {
            List<StringColumn> cols = new ArrayList<>();
            Table t = Table.create("step by step", LongColumn.create("clock"), StringColumn.create("kernel primitive"),
                    StringColumn.create(pgmap.name + "->ref after"));
            for (int off : offsets) {
                StringColumn c = StringColumn.create("page " + off + " after");
                cols.add(c);
                t.addColumns(c);
            }
            for (int i = 0; i < w.functions().size(); i++) {
                String[] after = w.after().get(i);
                t.longColumn(0).append(w.clocks().get(i)[0]);
                t.stringColumn(1).append(w.functions().get(i));
                t.stringColumn(2).append(after[0]);
                for (int k = 0; k < offsets.length; k++) cols.get(k).append(after[k + 1]);
            }
            return t;
        }
    }
}
