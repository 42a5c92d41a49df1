package lab.memremap.driver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.memremap.design.D7_V7;
import lab.memremap.design.D9_Mainline;
import lab.memremap.explore.Counterexample;
import lab.memremap.explore.Driver;
import lab.memremap.explore.ExplorationReport;
import lab.memremap.explore.Explorer;
import lab.memremap.explore.HistoricBug;
import lab.memremap.explore.Op;
import lab.memremap.explore.Setup;
import lab.memremap.explore.Step;
import lab.memremap.model.Design;
import lab.memremap.model.KernelLog;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Oops;
import lab.memremap.model.ScenarioStopped;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioContext;
import lab.memremap.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;

/**
 * One driver layer (issue 12): the explorer's search and the scenarios drive the same driver classes,
 * and a sequence of moves the explorer makes gives the same kernel log when a scenario makes it
 * through its own driver object.
 */
class DriverLayerTest {

    @Test
    void theSearchAndTheScenariosAllocateThroughTheSameDriverClass() {
        Driver search = Driver.boot(new D9_Mainline(), Setup.devicePrivate());
        DeviceDriver[] inScenario = new DeviceDriver[1];
        Scenario.of("one", "a buddy", ctx -> inScenario[0] = ctx.buddy("dmirror0", MemoryType.MEMORY_DEVICE_PRIVATE, 512))
                .run(new D9_Mainline());
        assertSame(DrmBuddy.class, search.buddy(0).getClass());
        assertSame(search.buddy(0).getClass(), inScenario[0].getClass());
        // The pgmap the kernel calls back through is the driver's: its ops and owner are the buddy's.
        assertSame(search.buddy(0), search.pgmap(0).owner);
        search.alloc(0, 0, 9);
        assertEquals(List.of(new Allocation(0, 0, 9, false, Allocation.Held.HELD, Allocation.Mapped.NONE)), search.buddy(0).records(0));
        search.map(0, 0);
        assertEquals(Allocation.Mapped.PMD, search.state().records(0).get(0).mapped(), "the search state is the driver's records");
    }

    /** Every move kind the search makes on one allocated pgmap, on D9 (device-private: map, split the PMD, migrate back, split). */
    @Test
    void theSearchsMovesReplayThroughAScenarioDriverWithTheSameKernelLog() {
        List<Op> moves = List.of(Op.alloc(0, 0, 9), Op.map(0, 0), Op.splitPmd(0, 0), Op.migrateToRam(0, 0),
                Op.alloc(0, 0, 2), Op.map(0, 0), Op.unmapHalf(0, 0), Op.free(0, 0),
                Op.alloc(0, 8, 2), Op.split(0, 8, 0), Op.free(0, 9), Op.allocLegacy(0, 9), Op.free(0, 8), Op.free(0, 9),
                Op.free(0, 10), Op.free(0, 11), Op.teardown(0));
        assertSameKernelLog(new D9_Mainline(), Setup.devicePrivate(), moves, false);
    }

    /** S16's finding as the search makes it: a WARN in the kernel log, the same through the scenario's driver. */
    @Test
    void theCoherentFindingReplaysWithItsWarning() {
        List<Op> moves = List.of(Op.alloc(0, 0, 9), Op.map(0, 0), Op.unmapHalf(0, 0), Op.free(0, 0));
        assertSameKernelLog(new D9_Mainline(), Setup.deviceCoherent(), moves, true);
    }

    /** The counterexample the explorer itself found for B7 on v7 (re-init at another order) replays through a scenario's driver. */
    @Test
    void aCounterexampleOfTheExplorerReplaysThroughAScenarioDriver() {
        ExplorationReport report = Explorer.of(new D7_V7()).setup(Setup.devicePrivate()).maxOps(3).run();
        Counterexample b7 = HistoricBug.B7.in(report);
        assertNotNull(b7, "the explorer found no B7 on D7:\n" + report.toText());
        assertFalse(b7.usesTwoCpus());
        List<Op> moves = b7.steps().stream().map(Step::a).toList();
        assertSameKernelLog(new D7_V7(), b7.setup(), moves, true);
    }

    private static void assertSameKernelLog(Design design, Setup setup, List<Op> moves, boolean expectReport) {
        Driver search = Driver.boot(design, setup);
        try {
            for (Op op : moves) makeMove(search, op);
        } catch (Oops | ScenarioStopped stopped) {
            // The kernel stopped the task (a BUG): the scenario ends at the same move.
        }
        String searchLog = search.machine().log().dmesg();
        ScenarioResult replay = Scenario.of("replay", "the search's moves through a scenario driver", ctx -> replay(ctx, setup, moves))
                .withConfig(setup.config()).run(design);
        assertEquals(searchLog, replay.log().dmesg());
        // And the same kernel state word for word (memmap, pgmaps, deferred split queue), at the same clock.
        assertEquals(search.machine().snapshot().hash(), replay.machine().snapshot().hash());
        assertEquals(search.machine().clock(), replay.machine().clock());
        if (expectReport) assertTrue(search.machine().log().has(KernelLog.Kind.WARN) || search.machine().log().has(KernelLog.Kind.BUG),
                "the sequence should make the kernel report something:\n" + searchLog);
    }

    /** The explorer's driver calls, by their public names (what a printed counterexample calls). */
    private static void makeMove(Driver d, Op op) {
        int p = op.pgmap();
        int off = op.offset();
        switch (op.kind()) {
            case ALLOC -> d.alloc(p, off, op.order());
            case ALLOC_LEGACY -> d.allocLegacy(p, off);
            case MAP -> d.map(p, off);
            case SPLIT_PMD -> d.splitPmd(p, off);
            case UNMAP_HALF -> d.unmapHalf(p, off);
            case MIGRATE_TO_RAM -> d.migrateToRam(p, off);
            case SPLIT -> d.split(p, off, op.order());
            case FREE -> d.free(p, off);
            case TEARDOWN -> d.teardown(p);
            default -> throw new AssertionError("not a move of this test: " + op);
        }
    }

    /** The same moves as scenario steps on a DrmBuddy the scenario owns, its folios named by offset. */
    private static void replay(ScenarioContext ctx, Setup setup, List<Op> moves) {
        Setup.PgmapSpec spec = setup.pgmaps().get(0);
        DrmBuddy buddy = ctx.buddy(spec.name(), spec.type(), spec.pages());
        Map<Integer, Integer> orderAt = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        for (Op op : moves) {
            int off = op.offset();
            String name = names.computeIfAbsent(off, o -> "f" + o);
            switch (op.kind()) {
                case ALLOC -> {
                    names.put(off, name = "f" + off);
                    ctx.allocAt(name, buddy, off, op.order());
                    orderAt.put(off, op.order());
                }
                case ALLOC_LEGACY -> {
                    names.put(off, name = "f" + off);
                    ctx.allocLegacy(name, buddy, off);
                    orderAt.put(off, 0);
                }
                case MAP -> ctx.mapAnon(name, orderAt.get(off) == 9);
                case SPLIT_PMD -> ctx.splitPmd(name);
                case UNMAP_HALF -> {
                    int half = 1 << orderAt.get(off) >> 1;
                    ctx.unmapPartial(name, half, half);
                }
                case MIGRATE_TO_RAM -> ctx.migrateToRam(name);
                case SPLIT -> {
                    int pages = 1 << orderAt.get(off);
                    ctx.split(name, op.order());
                    // The scenario names the new folios name/i.
                    for (int i = 1 << op.order(); i < pages; i += 1 << op.order()) {
                        names.put(off + i, name + "/" + i);
                        orderAt.put(off + i, op.order());
                    }
                    orderAt.put(off, op.order());
                }
                case FREE -> {
                    ctx.unmapAll(name);
                    ctx.free(name);
                }
                case TEARDOWN -> ctx.teardown();
                default -> throw new AssertionError("not a move of this test: " + op);
            }
        }
    }
}
