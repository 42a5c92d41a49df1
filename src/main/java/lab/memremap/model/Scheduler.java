package lab.memremap.model;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Runs the programs of several simulated CPUs one step at a time, following a {@link Schedule}.
 * Each CPU is a Java thread, but only the one holding the turn runs model code, so an interleaving
 * is a pure function of the schedule: no real concurrency, no timing dependence. The threads come
 * from {@link CpuThreads} (reused within a scope, ended after the race otherwise), and the turn is
 * handed from one CPU to the next directly, so a search can run thousands of races a second.
 */
final class Scheduler {
    private final Machine m;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the calling thread may look at the run again (a CPU finished or the run stopped). */
    private final Condition changed = lock.newCondition();
    /** One condition per CPU: the turn is handed to exactly one waiter. */
    private final Condition[] turn;
    private final Schedule schedule;
    private final int n;
    private final boolean[] finished;
    private final BooleanSupplier[] blockedOn;
    private int running;
    private int segment;
    private int segmentSteps;
    private String stopReason;
    private Throwable failure;

    Scheduler(Machine m, Schedule schedule, int n) {
        this.m = m;
        this.schedule = schedule;
        this.n = n;
        this.finished = new boolean[n];
        this.blockedOn = new BooleanSupplier[n];
        this.turn = new Condition[n];
        for (int c = 0; c < n; c++) turn[c] = lock.newCondition();
    }

    /** Runs the programs to completion (or until the scenario stops) on the calling thread's behalf. */
    void run(Runnable[] programs) {
        CpuThreads cpus = CpuThreads.forRace();
        lock.lock();
        try {
            running = firstCpu();
            int started = 0;
            try {
                for (; started < n; started++) {
                    final int cpu = started;
                    cpus.start(cpu, () -> body(cpu, programs[cpu]));
                }
                while (!allFinished()) changed.awaitUninterruptibly();
            } finally {
                if (!allFinished()) abandon(started);
            }
        } finally {
            lock.unlock();
            cpus.raceDone();
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (stopReason != null) throw new ScenarioStopped(stopReason);
    }

    /**
     * The calling thread leaves early (a CPU could not be started, or the cell was stopped): stop the CPUs
     * that started and wait until their programs have returned, so their threads can end.
     */
    private void abandon(int started) {
        if (stopReason == null) stopReason = "the race was abandoned";
        for (int c = started; c < n; c++) finished[c] = true;
        signalAllCpus();
        while (!allFinished()) changed.awaitUninterruptibly();
    }

    private void body(int cpu, Runnable program) {
        try {
            lock.lock();
            try {
                while (running != cpu && stopReason == null) turn[cpu].awaitUninterruptibly();
                m.cpu = cpu;
            } finally {
                lock.unlock();
            }
            if (stopReason == null) program.run();
        } catch (ScenarioStopped s) {
            // another CPU ended the scenario, or this one did (undefined behaviour the model does not follow)
            if (stopReason == null) stop(s.getMessage());
        } catch (Oops o) {
            stop("oops on CPU " + cpu + ": " + o.getMessage());
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                if (failure == null) failure = e;
            } finally {
                lock.unlock();
            }
            stop("exception on CPU " + cpu + ": " + e);
        } finally {
            lock.lock();
            try {
                finished[cpu] = true;
                if (stopReason == null) passTurn(cpu);
                signalAllCpus();
            } finally {
                lock.unlock();
            }
        }
    }

    private void stop(String reason) {
        lock.lock();
        try {
            if (stopReason == null) stopReason = reason;
            signalAllCpus();
        } finally {
            lock.unlock();
        }
    }

    /** Called by the running CPU at every kernel primitive, before it runs. */
    void step(String function) {
        lock.lock();
        try {
            int me = m.cpu;
            Schedule.Segment seg = currentSegment();
            if (seg != null && seg.cpu() == me) {
                boolean leave = seg.until() != null ? seg.until().equals(function) : seg.steps() >= 0 && segmentSteps >= seg.steps();
                if (leave) {
                    segment++;
                    segmentSteps = 0;
                    int next = choose(me);
                    if (next != me) switchTo(me, next);
                }
            } else if (seg != null && runnable(seg.cpu())) {
                switchTo(me, seg.cpu());
            }
            segmentSteps++;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks the running CPU until {@code ready} holds; reports hung tasks if nothing can make it hold. */
    void block(BooleanSupplier ready, Runnable reportHung) {
        lock.lock();
        try {
            int me = m.cpu;
            while (!ready.getAsBoolean()) {
                blockedOn[me] = ready;
                int next = choose(me);
                if (next < 0) {
                    // Nobody can run: every live CPU waits for something only a waiting CPU could do.
                    m.cpu = me;
                    reportHung.run();
                    for (int c = 0; c < n; c++)
                        if (c != me && !finished[c] && blockedOn[c] != null) m.reportHungOther(c);
                    stopReason = "hung task";
                    signalAllCpus();
                    throw new ScenarioStopped("hung task");
                }
                switchTo(me, next);
            }
            blockedOn[me] = null;
        } finally {
            lock.unlock();
        }
    }

    private Schedule.Segment currentSegment() {
        var segs = schedule.segments();
        while (segment < segs.size() && finished[segs.get(segment).cpu()]) {
            segment++;
            segmentSteps = 0;
        }
        return segment < segs.size() ? segs.get(segment) : null;
    }

    private boolean runnable(int c) {
        return !finished[c] && (blockedOn[c] == null || blockedOn[c].getAsBoolean());
    }

    /** The CPU that should run next: the current segment's if runnable, else me if runnable, else the lowest. */
    private int choose(int me) {
        Schedule.Segment seg = currentSegment();
        if (seg != null && runnable(seg.cpu())) return seg.cpu();
        if (seg != null) {
            segment++;
            segmentSteps = 0;
            return choose(me);
        }
        if (runnable(me)) return me;
        for (int c = 0; c < n; c++) if (runnable(c)) return c;
        return -1;
    }

    private int firstCpu() {
        Schedule.Segment seg = currentSegment();
        return seg != null ? seg.cpu() : 0;
    }

    private void passTurn(int me) {
        if (allFinished()) return;
        int next = choose(me);
        if (next < 0) {
            // The remaining CPUs all wait on something nobody will do: wake one to report it.
            for (int c = 0; c < n; c++) if (!finished[c]) { next = c; break; }
        }
        running = next;
        segmentSteps = 0;
    }

    private void signalAllCpus() {
        for (Condition c : turn) c.signal();
        changed.signal();
    }

    private void switchTo(int me, int next) {
        running = next;
        turn[next].signal();
        while (running != me && stopReason == null) turn[me].awaitUninterruptibly();
        m.cpu = me;
        if (stopReason != null) throw new ScenarioStopped(stopReason);
    }

    private boolean allFinished() {
        for (boolean f : finished) if (!f) return false;
        return true;
    }
}
