package lab.memremap.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import lab.memremap.design.Designs;
import lab.memremap.model.CpuThreads;
import lab.memremap.model.Config;
import lab.memremap.model.Design;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;

/**
 * Designs x scenarios. {@code Matrix.of(Designs.all()).scenarios(Scenarios.all()).run()} returns a
 * {@link MatrixResult} (a Tablesaw table, displayable). A design column runs on one worker thread, so a
 * user's design instance is never used by two runs at once; columns run in parallel on the machine's
 * cores. Results do not depend on timing: each run is a fresh, deterministic machine.
 */
public final class Matrix {
    /** Progress of a run: cells done, cells in all, and the cell that just finished. */
    public record Progress(int done, int total, String scenario, String design, String cell) {}

    private final List<Design> designs;
    private List<Scenario> scenarios = Scenarios.all();
    private Consumer<Progress> progress = p -> { };
    private int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private Matrix(List<Design> designs) {
        if (designs.isEmpty()) throw new IllegalArgumentException("Matrix.of: no designs");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < designs.size(); i++) {
            Design d = designs.get(i);
            if (d == null) throw new IllegalArgumentException("Matrix.of: design " + (i + 1) + " of " + designs.size() + " is null");
            if (names.contains(d.name()))
                throw new IllegalArgumentException("Matrix.of: two designs are called \"" + d.name() + "\"; override name() in yours");
            names.add(d.name());
        }
        this.designs = List.copyOf(designs);
    }

    public static Matrix of(List<Design> designs) {
        if (designs == null) throw new IllegalArgumentException("Matrix.of: the list of designs is null");
        return new Matrix(designs);
    }

    public static Matrix of(Design... designs) {
        if (designs == null) throw new IllegalArgumentException("Matrix.of: the designs array is null");
        return new Matrix(java.util.Arrays.asList(designs));
    }

    /** Every catalogue design against every catalogue scenario. */
    public static Matrix full() {
        return of(Designs.all());
    }

    public Matrix scenarios(List<Scenario> s) {
        if (s.isEmpty()) throw new IllegalArgumentException("Matrix.scenarios: no scenarios");
        this.scenarios = List.copyOf(s);
        return this;
    }

    public Matrix scenarios(Scenario... s) {
        return scenarios(List.of(s));
    }

    /**
     * Runs every scenario under {@code c} instead of its own configuration, e.g.
     * {@code Config.defaults().withDebugVm(false)} for what a production kernel (VM_* checks compiled out) does.
     */
    public Matrix config(Config c) {
        Objects.requireNonNull(c, "Matrix.config: config is null");
        this.scenarios = scenarios.stream().map(s -> s.withConfig(c)).toList();
        return this;
    }

    /** The same matrix as a production kernel runs it: CONFIG_DEBUG_VM=n. */
    public Matrix production() {
        return config(Config.defaults().withDebugVm(false));
    }

    /** Called after every cell (from worker threads, in completion order; counts are exact). */
    public Matrix onProgress(Consumer<Progress> p) {
        this.progress = Objects.requireNonNull(p);
        return this;
    }

    public Matrix threads(int n) {
        if (n < 1) throw new IllegalArgumentException("Matrix.threads: " + n + " < 1");
        this.threads = n;
        return this;
    }

    public MatrixResult run() {
        int total = designs.size() * scenarios.size();
        ScenarioResult[][] cells = new ScenarioResult[scenarios.size()][designs.size()];
        int[] done = {0};
        AtomicBoolean over = new AtomicBoolean();
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "matrix");
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int di = 0; di < designs.size(); di++) {
                final int d = di;
                futures.add(pool.submit(() -> {
                    try (CpuThreads.Scope cpus = CpuThreads.reuse()) {
                        runColumn(d, cells, done, total, over);
                    }
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Matrix.run interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Matrix.run: " + e.getCause(), e.getCause());
        } finally {
            over.set(true);
            endPool(pool, workers);
        }
        return new MatrixResult(designs, scenarios, cells);
    }

    /** One design's column, scenario by scenario; stops early once the run is over (a column failed). */
    private void runColumn(int d, ScenarioResult[][] cells, int[] done, int total, AtomicBoolean over) {
        try {
            for (int si = 0; si < scenarios.size() && !over.get(); si++) {
                ScenarioResult r = scenarios.get(si).run(designs.get(d));
                cells[si][d] = r;
                synchronized (done) {
                    int n = ++done[0];
                    progress.accept(new Progress(n, total, scenarios.get(si).id(), designs.get(d).name(), r.cell()));
                }
            }
        } catch (RuntimeException | Error e) {
            over.set(true);
            throw e;
        }
    }

    /**
     * Shuts the pool down and waits until its threads (and the CPU threads they ran) have ended: joined,
     * since a pool counts as terminated a moment before its last thread is gone.
     */
    private static void endPool(ExecutorService pool, List<Thread> workers) {
        pool.shutdownNow();
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
