package lab.memremap.threads;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lab.memremap.design.Designs;
import lab.memremap.explore.Explorer;
import lab.memremap.explore.Setup;
import lab.memremap.matrix.Matrix;
import lab.memremap.model.CpuThreads;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/**
 * Every thread the model starts (the simulated CPUs of a race, a matrix's workers, an exploration's) has
 * ended when the call that started it returns. A thread left alive can hang a notebook cell: JShell's
 * in-process engine joins the cell's threads.
 */
class NoThreadLeftBehindTest {

    /** Threads alive now that were not alive in {@code before}, by name. */
    private static List<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName).sorted().toList();
    }

    /** Runs {@code work} on a new thread, as JShell runs each cell, and waits for that thread to end. */
    private static void asACell(Runnable work) {
        Throwable[] failure = {null};
        Thread cell = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "cell");
        cell.start();
        try {
            cell.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }

    private static Set<Thread> alive() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    @Test
    void aRaceEndsItsCpuThreads() {
        Set<Thread> before = alive();
        asACell(() -> Scenarios.S3.run(Designs.byName("D4")));      // two CPUs: teardown against an allocation
        asACell(() -> Scenarios.S10.run(Designs.byName("D9")));
        assertEquals(List.of(), startedSince(before));
    }

    @Test
    void aRaceThatFailsEndsItsCpuThreadsToo() {
        Set<Thread> before = alive();
        asACell(() -> Scenarios.S12.run(Designs.byName("D4")));     // the v6 patch hangs memunmap_pages() here
        assertEquals(List.of(), startedSince(before));
    }

    @Test
    void matrixRunsLeaveNoThreadBehind() {
        Set<Thread> before = alive();
        for (int i = 0; i < 10; i++)
            asACell(() -> Matrix.of(Designs.byName("D4"), Designs.byName("D9"))
                    .scenarios(Scenarios.S3, Scenarios.S10, Scenarios.S12).run());
        assertEquals(List.of(), startedSince(before));
    }

    @Test
    void aFailingMatrixRunLeavesNoThreadBehind() {
        Set<Thread> before = alive();
        Matrix m = Matrix.of(Designs.byName("D4"), Designs.byName("D9")).scenarios(Scenarios.S3, Scenarios.S10)
                .onProgress(p -> { throw new IllegalStateException("progress display failed"); });
        assertThrows(IllegalStateException.class, () -> asACell(m::run));
        assertEquals(List.of(), startedSince(before));
    }

    @Test
    void anExplorationLeavesNoThreadBehind() {
        Set<Thread> before = alive();
        asACell(() -> Explorer.of(Designs.byName("D4")).setup(Setup.devicePrivate()).maxOps(2).pairDepth(1).random(2, 4).run());
        assertEquals(List.of(), startedSince(before));
    }

    @Test
    void insideAReuseScopeRacesShareTheirCpuThreadsUntilTheScopeCloses() {
        Set<Thread> before = alive();
        asACell(() -> {
            try (CpuThreads.Scope cpus = CpuThreads.reuse()) {
                Scenarios.S3.run(Designs.byName("D4"));
                List<String> kept = startedSince(before);
                assertEquals(List.of("cell", "model-cpu0", "model-cpu1"), kept);
                Scenarios.S10.run(Designs.byName("D9"));
                assertEquals(kept, startedSince(before), "the second race reuses the first one's threads");
            }
            assertEquals(List.of("cell"), startedSince(before));
        });
        assertEquals(List.of(), startedSince(before));
    }
}
