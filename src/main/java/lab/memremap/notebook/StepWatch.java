package lab.memremap.notebook;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Machine;
import lab.memremap.model.Page;
import lab.memremap.model.PageFlagBits;
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
public final class StepWatch {
    private final Machine m;
    private final DevPagemap pgmap;
    private final int[] offsets;
    private final List<String> functions = new ArrayList<>();
    private final List<long[]> clocks = new ArrayList<>();
    private final List<String[]> before = new ArrayList<>();
    private boolean active;
    private boolean handedBack;

    private StepWatch(Machine m, DevPagemap pgmap, int[] offsets) {
        this.m = m;
        this.pgmap = pgmap;
        this.offsets = offsets.clone();
    }

    /** Runs {@code code} and returns the table of its steps. */
    public static Table run(Machine m, DevPagemap pgmap, int[] offsets, Runnable code) {
        StepWatch w = new StepWatch(m, pgmap, offsets);
        m.addStepListener((mach, fn) -> w.onStep(fn));
        w.active = true;
        try {
            code.run();
        } finally {
            w.active = false;
        }
        return w.table(w.state());
    }

    private void onStep(String function) {
        if (!active) return;
        functions.add(function);
        clocks.add(new long[] {m.clock(), m.currentCpu()});
        before.add(state());
        if (function.startsWith("->")) handedBack = true;
    }

    private String[] state() {
        String[] s = new String[offsets.length + 1];
        s[0] = String.valueOf(pgmap.ref.count());
        for (int i = 0; i < offsets.length; i++) s[i + 1] = handedBack ? "(driver owns it)" : page(offsets[i]);
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
        List<StringColumn> cols = new ArrayList<>();
        Table t = Table.create("step by step", LongColumn.create("clock"), StringColumn.create("kernel primitive"),
                StringColumn.create(pgmap.name + "->ref after"));
        for (int off : offsets) {
            StringColumn c = StringColumn.create("page " + off + " after");
            cols.add(c);
            t.addColumns(c);
        }
        for (int i = 0; i < functions.size(); i++) {
            String[] after = i + 1 < before.size() ? before.get(i + 1) : last;
            t.longColumn(0).append(clocks.get(i)[0]);
            t.stringColumn(1).append(functions.get(i));
            t.stringColumn(2).append(after[0]);
            for (int k = 0; k < offsets.length; k++) cols.get(k).append(after[k + 1]);
        }
        return t;
    }
}
