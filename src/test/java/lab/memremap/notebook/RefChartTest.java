package lab.memremap.notebook;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.memremap.design.D9_Mainline;
import lab.memremap.model.Config;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.PercpuRef;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYSeries;

/** The chart shades exactly the stretch in which the pgmap's percpu_ref has no single count. */
class RefChartTest {
    private record Run(Machine m, DevPagemap pgmap, List<long[]> modes) {}

    /** An order-2 folio allocated and freed, then (if asked) the driver's removal; the ref's mode before every step. */
    private static Run run(boolean unbind) {
        Machine m = Machine.boot(Config.defaults(), new D9_Mainline());
        DevPagemap pgmap = m.newPgmap("dmirror0", MemoryType.MEMORY_DEVICE_PRIVATE,
                DevPagemapOps.builder().migrate_to_ram(f -> 0).free((head, order) -> {}).build(), "owner");
        long start = m.reservePfnRange(16);
        pgmap.setRanges(List.of(new DevPagemap.Range(start, start + 16)));
        m.memremap_pages(pgmap, 0);
        List<long[]> modes = new ArrayList<>();
        m.addStepListener((mm, function) -> modes.add(new long[] {mm.clock(), pgmap.ref.mode() == PercpuRef.Mode.ATOMIC ? 1 : 0}));
        Folio f = m.zoneDeviceInit(pgmap.page(0), pgmap, 2);
        m.folio_unlock(f);
        m.folio_put(f);
        if (unbind) m.memunmap_pages(pgmap);
        return new Run(m, pgmap, modes);
    }

    private static XYSeries shade(RefChart.Chart chart) {
        Map<String, XYSeries> series = chart.getSeriesMap();
        assertTrue(series.containsKey(RefChart.PERCPU_SERIES), series.keySet().toString());
        XYSeries s = series.get(RefChart.PERCPU_SERIES);
        assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, s.getXYSeriesRenderStyle());
        assertFalse(s.isShowInLegend(), "the shading is explained on the chart, not in the legend");
        return s;
    }

    @Test
    void theShadeCoversExactlyTheStepsInPerCpuMode() {
        Run r = run(true);
        RefChart.Chart chart = RefChart.pgmap(r.m(), r.pgmap()).build();
        XYSeries s = shade(chart);
        double from = java.util.Arrays.stream(s.getXData()).min().orElseThrow();
        double to = java.util.Arrays.stream(s.getXData()).max().orElseThrow();
        assertEquals(0, from);
        boolean sawAtomic = false, sawPercpu = false;
        // The mode recorded before step c holds from the previous step's end: the step ending at c + 1.
        for (long[] at : r.modes()) {
            long endOfPreviousStep = at[0];
            boolean atomic = at[1] == 1;
            sawAtomic |= atomic;
            sawPercpu |= !atomic;
            assertEquals(!atomic, endOfPreviousStep < to,
                    "clock " + endOfPreviousStep + ": ref " + (atomic ? "atomic" : "per-CPU") + ", shade ends at " + to);
        }
        assertTrue(sawAtomic && sawPercpu, "the run has both modes");
        // Top to bottom of the plot, so no part of the stretch stays unshaded.
        assertEquals(chart.getStyler().getYAxisMin(), java.util.Arrays.stream(s.getYData()).min().orElseThrow());
        assertEquals(chart.getStyler().getYAxisMax(), java.util.Arrays.stream(s.getYData()).max().orElseThrow());
    }

    @Test
    void aRefThatNeverSwitchesIsShadedToTheEndOfTheChart() {
        Run r = run(false);
        RefChart.Chart chart = RefChart.pgmap(r.m(), r.pgmap()).build();
        assertTrue(r.modes().stream().noneMatch(at -> at[1] == 1));
        assertEquals(chart.getStyler().getXAxisMax(), java.util.Arrays.stream(shade(chart).getXData()).max().orElseThrow());
    }

    @Test
    void aChartOfPageRefcountsOnlyHasNoShade() {
        Run r = run(false);
        RefChart.Chart chart = RefChart.lines().addPage("page 0", r.m(), r.pgmap().startPfn()).build();
        assertFalse(chart.getSeriesMap().containsKey(RefChart.PERCPU_SERIES), "a page's refcount is one count in any mode");
    }

    @Test
    void theFoldWarnsWhereTheShadeEnds() {
        // S7 on v6: 512 puts for one page drive the per-CPU sum negative; the kill's fold finds it <= 0 and warns.
        var r = lab.memremap.scenario.Scenarios.S7.run(new lab.memremap.design.D4_V6());
        RefChart chart = RefChart.pgmap(r.machine(), r.machine().pgmaps().get(0));
        long warned = r.log().of(lab.memremap.model.KernelLog.Kind.PERCPU_UNDERFLOW).get(0).clock();
        assertEquals(java.util.Set.of(warned), chart.folds());
        double until = java.util.Arrays.stream(shade(chart.build()).getXData()).max().orElseThrow();
        assertEquals(warned, (long) until, "the warning is printed at the switch to atomic, where the kernel first sees one count");
        Run balanced = run(true);
        assertTrue(RefChart.pgmap(balanced.m(), balanced.pgmap()).folds().isEmpty(), "a balanced run never warns");
    }
}
