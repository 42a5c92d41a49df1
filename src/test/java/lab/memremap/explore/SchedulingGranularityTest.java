package lab.memremap.explore;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import lab.memremap.design.Designs;
import lab.memremap.driver.DrmBuddy;
import lab.memremap.model.Config;
import lab.memremap.model.Design;
import lab.memremap.matrix.Matrix;
import lab.memremap.matrix.MatrixResult;
import lab.memremap.model.KernelLog;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The default granularity of the scheduling points (a store statement of a design's own code is a point
 * the first time it runs after the CPU's last kernel primitive: a loop over a folio's pages is a point in
 * its first iteration and at its end) gives the same outcomes as the fine one (every store a point, in
 * every iteration: {@link Config#everyStoreAPoint}), issue 10 item 1. The designs whose own code loops
 * over pages are D7b (free_zone_device_folio_prepare()), D8 and D9 (the re-initialisation in
 * zone_device_page_init()); every other design has no store statement that runs twice between two
 * kernel primitives, so for it the two granularities are the same points.
 */
class SchedulingGranularityTest {
    private static final Config FINE = Config.defaults().withEveryStoreAPoint(true);

    /** What a matrix cell shows: the outcome and the kinds and functions of the kernel log's reports. */
    private static String outcome(ScenarioResult r) {
        return r.cell() + " | " + r.log().entries().stream().filter(e -> e.kind() != KernelLog.Kind.INFO)
                .map(e -> e.kind() + " " + e.function()).collect(Collectors.joining(", "));
    }

    /** The kernel log without its timestamps, which count points and so differ between granularities. */
    private static String dmesgWithoutTime(ScenarioResult r) {
        return r.log().dmesg().replaceAll("\\[ *\\d+\\.\\d+\\]", "[time]").replace(" scheduling=every-store", "");
    }

    @Test
    void everyMatrixCellAndKernelLogIsTheSameAtEitherGranularity() {
        MatrixResult coarse = Matrix.full().run();
        MatrixResult fine = Matrix.full().config(FINE).run();
        int differentClocks = 0;
        for (Scenario s : coarse.scenarios()) {
            for (Design d : coarse.designs()) {
                ScenarioResult c = coarse.get(s.id(), d.name());
                ScenarioResult f = fine.get(s.id(), d.name());
                String where = s.id() + " on " + d.name();
                assertEquals(c.cell(), f.cell(), where);
                assertEquals(dmesgWithoutTime(c), dmesgWithoutTime(f), where);
                assertEquals(c.notes().entries().stream().map(n -> n.kind() + " " + n.function()).toList(),
                        f.notes().entries().stream().map(n -> n.kind() + " " + n.function()).toList(), where);
                if (c.machine().clock() != f.machine().clock()) differentClocks++;
            }
        }
        // The fine points are really more (S10 and S12 race D7b/D8/D9 loops): otherwise this test shows nothing.
        assertTrue(differentClocks >= 3, "fine and coarse ran the same points in " + differentClocks + " cells only");
    }

    /** A race of two CPUs on small folios, with CPU {@code preempted} stopped after {@code k} points. */
    private interface Shape {
        Scenario at(int order, String schedule);
    }

    /** S10's shape: A frees x, B re-allocates x's range at the same order right after A's callback returned. */
    private static Scenario realloc(int order, String schedule) {
        return Scenario.of("realloc", "B re-uses x after A's callback", ctx -> {
            DrmBuddy vram = ctx.buddy(512);
            ctx.allocAt("x", vram, 0, order);
            ctx.migrated("x");
            ctx.race(schedule.replace("CB", ctx.freeCallbackStep()), () -> ctx.free("x"), () -> ctx.allocAt("y", vram, 0, order));
            ctx.free("y");
            ctx.teardown();
        });
    }

    /** S3b's shape: A's memunmap_pages() released the ref; B allocates and frees before pageunmap_range. */
    private static Scenario allocDuringTeardown(int order, String schedule) {
        return Scenario.of("teardown-alloc", "B allocates while A tears down", ctx -> {
            DrmBuddy vram = ctx.buddy(512);
            ctx.race(schedule, ctx::teardown, () -> {
                ctx.allocAt("y", vram, 0, order);
                ctx.free("y");
            });
        });
    }

    /** S12's shape: A frees the last folio while B's memunmap_pages() waits for it. */
    private static Scenario freeDuringTeardown(int order, String schedule) {
        return Scenario.of("teardown-free", "A frees while B waits", ctx -> {
            DrmBuddy vram = ctx.buddy(512);
            ctx.allocAt("x", vram, 0, order);
            ctx.migrated("x");
            ctx.race(schedule, () -> ctx.free("x"), ctx::teardown);
        });
    }

    /**
     * Every single preemption of one CPU ({@code "... B k; ..."} for every k up to the number of points that
     * CPU runs), under either granularity: the sets of outcomes are equal. Orders 1 to 3 keep the fine
     * sweep small (5 points per page in D8's loop).
     */
    private static Set<String> sweep(Design design, Shape shape, String template, int order, Config config,
                                     Function<ScenarioResult, String> what) {
        ScenarioResult whole = shape.at(order, template.replace("K", "")).withConfig(config).run(Designs.byName(design.name()));
        char cpu = template.charAt(template.indexOf('K') - 1);
        int points = whole.ops().stream().filter(o -> o.label().startsWith("race"))
                .mapToInt(o -> (int) o.steps().stream().filter(st -> st.charAt(0) == cpu).count()).sum();
        assertTrue(points > 0, "no points of CPU " + cpu + " in " + whole.ops());
        Set<String> out = new TreeSet<>();
        for (int k = 0; k <= points; k++)
            out.add(what.apply(shape.at(order, template.replace("K", " " + k)).withConfig(config).run(Designs.byName(design.name()))));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"D7b", "D8", "D9"})
    void everySinglePreemptionOnOrdersOneToThreeHasTheSameOutcomes(String name) {
        Design d = Designs.byName(name);
        record Case(Shape shape, String template) {}
        List<Case> cases = List.of(
                new Case(SchedulingGranularityTest::realloc, "A until CB returned; BK; A; B"),
                new Case(SchedulingGranularityTest::allocDuringTeardown, "A until pageunmap_range; BK; A; B"),
                new Case(SchedulingGranularityTest::freeDuringTeardown, "B; AK; B; A"));
        int distinct = 0;
        for (int order = 1; order <= 3; order++) {
            for (Case c : cases) {
                Set<String> coarse = sweep(d, c.shape, c.template, order, Config.defaults(), SchedulingGranularityTest::outcome);
                Set<String> fine = sweep(d, c.shape, c.template, order, FINE, SchedulingGranularityTest::outcome);
                assertEquals(fine, coarse, name + ", order " + order + ", " + c.template);
                distinct += coarse.size() > 1 ? 1 : 0;
            }
        }
        // Where the preemption falls matters in some of these races: otherwise the sweep compares nothing.
        assertTrue(distinct > 0, name + ": every preemption gave one outcome");
    }

    @Test
    void theExplorerFindsTheSameFailuresAtEitherGranularity() {
        for (String name : List.of("D7b", "D8")) {
            Function<Config, ExplorationReport> explore = c -> Explorer.of(Designs.byName(name)).maxOps(3).random(20, 8)
                    .setups(Setup.standard().stream().map(s -> s.withConfig(c == FINE ? s.config().withEveryStoreAPoint(true) : s.config())).toList())
                    .run();
            ExplorationReport coarse = explore.apply(Config.defaults());
            ExplorationReport fine = explore.apply(FINE);
            Function<ExplorationReport, Set<String>> signatures = r -> r.counterexamples().stream()
                    .map(c -> c.failure().signature()).collect(Collectors.toCollection(TreeSet::new));
            assertFalse(signatures.apply(coarse).isEmpty(), name);
            assertEquals(signatures.apply(fine), signatures.apply(coarse), name);
            assertTrue(fine.primitives() > coarse.primitives(), name + ": the fine points are more steps");
        }
    }
}
