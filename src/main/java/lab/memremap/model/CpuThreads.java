package lab.memremap.model;

import java.util.concurrent.SynchronousQueue;

/**
 * The Java threads behind the simulated CPUs of {@link Machine#runOnCpus}. Nothing the model starts
 * outlives the work it was started for: JShell's in-process engine joins the threads of a cell's thread
 * group that it sees when the cell starts, so a thread left waiting for more work could hang the cell, and
 * every leftover thread costs memory.
 *
 * <p>A race outside a scope starts its threads and ends them before it returns. Code that runs many races
 * in a row (a matrix column, an exploration) opens a scope: inside it the calling thread's CPU threads are
 * kept and reused from race to race, and closing the scope ends them.
 *
 * <pre>
 * try (CpuThreads.Scope cpus = CpuThreads.reuse()) {
 *     for (...) scenario.run(design);
 * }
 * </pre>
 */
public final class CpuThreads {
    /** The reuse scope of a thread; closing it ends its CPU threads (nested scopes end with the outermost). */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    /** The CPU threads of each calling thread's open scope, if any (a search may run on several threads). */
    private static final ThreadLocal<CpuThreads> OPEN = new ThreadLocal<>();

    private final Worker[] workers = new Worker[8];
    private int depth;

    private CpuThreads() {}

    /** Keeps the calling thread's CPU threads for reuse until the returned scope is closed. */
    public static Scope reuse() {
        CpuThreads open = OPEN.get();
        if (open == null) {
            open = new CpuThreads();
            OPEN.set(open);
        }
        CpuThreads scope = open;
        scope.depth++;
        boolean[] closed = {false};
        return () -> {
            if (closed[0]) return;
            closed[0] = true;
            if (--scope.depth > 0) return;
            OPEN.remove();
            scope.end();
        };
    }

    /** The threads a race on the calling thread uses: the open scope's, else a set of its own. */
    static CpuThreads forRace() {
        CpuThreads open = OPEN.get();
        return open != null ? open : new CpuThreads();
    }

    /** Called when a race is over: ends its threads unless they belong to an open scope. */
    void raceDone() {
        if (OPEN.get() != this) end();
    }

    /** Hands {@code job} to CPU {@code cpu}'s thread, starting one if there is none (or it was stopped). */
    void start(int cpu, Runnable job) {
        if (workers[cpu] == null || !workers[cpu].isAlive()) {
            workers[cpu] = new Worker(cpu);
            workers[cpu].start();
        }
        workers[cpu].submit(job);
    }

    /** Ends every thread and waits until it has ended, so none is alive when this returns. */
    private void end() {
        boolean interrupted = false;
        for (int c = 0; c < workers.length; c++) {
            Worker w = workers[c];
            if (w == null) continue;
            w.ended = true;
            w.interrupt();
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            workers[c] = null;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** A thread that runs one simulated CPU's program at a time, until its set of threads ends. */
    private static final class Worker extends Thread {
        private final SynchronousQueue<Runnable> jobs = new SynchronousQueue<>();
        /** Set before the interrupt that ends the thread; any other interrupt (a cell's stop) is ignored. */
        volatile boolean ended;

        Worker(int cpu) {
            super("model-cpu" + cpu);
            setDaemon(true);
        }

        @Override public void run() {
            while (true) {
                Runnable job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    if (ended) return;
                    continue;
                }
                job.run();
            }
        }

        void submit(Runnable job) {
            try {
                jobs.put(job);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("runOnCpus: interrupted while starting " + getName(), e);
            }
        }
    }
}
