package lab.memremap.explore;

import lab.memremap.driver.Allocation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.memremap.model.Design;
import lab.memremap.model.KernelLog;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Oops;
import lab.memremap.model.ScenarioStopped;

/**
 * One execution of a scenario on a fresh machine: boot, the setup's pgmaps, then each step, with
 * the model's kernel log and invariants read after every step. A hard failure ends the run (the
 * state after it is broken); a WARN is recorded and the run goes on.
 */
public final class Run {
    private final Driver driver;
    private final List<Step> executed = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private String notConforming;
    private boolean stopped;
    private long lastStepSteps;
    private List<String> lastStepPrimitives = List.of();
    private boolean lastPairOverlapped;

    private List<String> recording;

    private Run(Driver driver) {
        this.driver = driver;
        driver.machine().addStepListener((m, function) -> {
            if (recording != null) recording.add(function);
        });
    }

    /**
     * Runs {@code steps} on a new machine running {@code design}. With {@code keepTrace} false the
     * trace keeps only counts (search mode); with {@code epilogue} the driver then evicts everything
     * and tears its pgmaps down, so leaks show as the hung memunmap_pages() the kernel would report.
     */
    public static Run execute(Design design, Setup setup, List<Step> steps, boolean keepTrace, boolean epilogue) {
        Run run = start(design, setup, keepTrace);
        for (Step s : steps) {
            if (!run.step(s)) {
                // After a leak or an over-put the kernel goes on; the epilogue shows where that leads.
                if (epilogue && run.conforming() && !run.stopped) run.evictAll();
                return run;
            }
        }
        if (epilogue) run.evictAll();
        return run;
    }

    /** A run with no step yet, to be driven one step at a time. */
    static Run start(Design design, Setup setup, boolean keepTrace) {
        Driver d = Driver.boot(design, setup);
        d.machine().trace().keepEvents(keepTrace);
        return new Run(d);
    }

    /**
     * Runs {@code steps}, silently leaving out single calls that are not conforming in the state they
     * meet (a free of a range that an earlier, removed step would have allocated): how the shrinker
     * drops the calls that depended on a removed one.
     */
    static Run executeLenient(Design design, Setup setup, List<Step> steps) {
        Run run = start(design, setup, false);
        for (Step s : steps) {
            if (!s.isPair() && !run.admissible(s.a())) continue;
            if (!run.step(s)) return run;
        }
        return run;
    }

    /** Whether a single call is one the conforming driver may make now. */
    private boolean admissible(Op op) {
        DriverState st = driver.state();
        if (op.pgmap() < 0 || op.pgmap() >= st.pgmapCount()) return false;
        if (st.tornDown(op.pgmap())) return false;
        if (op.isAlloc()) return st.allocated(op.pgmap()) && (op.isTemplate() || st.isFree(op.pgmap(), op.offset(), op.order()));
        if (op.kind() == Op.Kind.GET) return !st.allocated(op.pgmap()) && st.isFree(op.pgmap(), op.offset(), 0);
        if (op.kind() == Op.Kind.PUT_UNALLOCATED) return st.buggy() && st.isFree(op.pgmap(), op.offset(), 0);
        if (op.kind() == Op.Kind.ALLOC_AGAIN) return st.buggy() && st.allocated(op.pgmap()) && !st.isFree(op.pgmap(), op.offset(), 0);
        if (op.kind() == Op.Kind.TEARDOWN) return st.held(op.pgmap()).isEmpty();
        for (Allocation a : st.held(op.pgmap())) {
            if (a.offset() != op.offset()) continue;
            return switch (op.kind()) {
                case FREE -> st.allocated(op.pgmap());
                case PUT -> !st.allocated(op.pgmap());
                case MAP -> a.mapped() == Allocation.Mapped.NONE;
                case SPLIT_PMD -> a.mapped() == Allocation.Mapped.PMD;
                case MIGRATE_TO_RAM -> a.mapped() != Allocation.Mapped.NONE;
                case UNMAP_HALF -> a.order() > 0 && (a.mapped() == Allocation.Mapped.PMD || a.mapped() == Allocation.Mapped.PTES);
                case SPLIT -> a.mapped() == Allocation.Mapped.NONE && op.order() < a.order() && st.isDevicePrivate(op.pgmap());
                default -> false;
            };
        }
        return false;
    }

    /** Runs one more step; false when the run cannot go on (hard failure, stop, or a non-conforming call). */
    boolean step(Step s) {
        int index = executed.size();
        int mark = driver.machine().log().size();
        int noteMark = driver.machine().notes().size();
        Step done = s;
        long before = driver.machine().clock();
        List<String> primitives = new ArrayList<>();
        recording = primitives;
        try {
            done = s.run(driver);
        } catch (NotConforming e) {
            notConforming = e.getMessage();
            return false;
        } catch (Oops | ScenarioStopped e) {
            stopped = true;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            stopped = true;
            failures.add(modelError(e, index));
        } finally {
            recording = null;
        }
        lastStepPrimitives = primitives;
        executed.add(done);
        lastStepSteps = driver.machine().clock() - before;
        lastPairOverlapped = s.isPair() && driver.overlapped();
        readLog(mark, index);
        readNotes(noteMark, index);
        if (!stopped) {
            List<String> bad = driver.machine().checkInvariants();
            for (String v : bad) failures.add(new Failure(FailureClass.INVARIANT, invariantSite(v), v, index));
        }
        return !stopped && !hasHardFailure();
    }

    /** The epilogue: evict everything, memunmap_pages() every pgmap. Recorded as one more step. */
    void evictAll() {
        int index = executed.size();
        int mark = driver.machine().log().size();
        int noteMark = driver.machine().notes().size();
        try {
            driver.evictAll();
        } catch (NotConforming e) {
            notConforming = e.getMessage();
            return;
        } catch (Oops | ScenarioStopped e) {
            stopped = true;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            stopped = true;
            failures.add(modelError(e, index));
        }
        readLog(mark, index);
        readNotes(noteMark, index);
    }

    /** An exception that is no kernel report (the design's own code, or the model, threw): a failure of its own class. */
    static Failure modelError(Throwable e, int index) {
        StackTraceElement[] st = e.getStackTrace();
        String where = st.length > 0 ? " at " + st[0].getClassName().replaceAll(".*\\.", "") + "." + st[0].getMethodName() : "";
        return new Failure(FailureClass.MODEL_ERROR, e.getClass().getSimpleName(), e.getMessage() + where, index);
    }

    private void readLog(int mark, int index) {
        List<KernelLog.Entry> entries = driver.machine().log().entries();
        for (int i = mark; i < entries.size(); i++) {
            KernelLog.Entry e = entries.get(i);
            FailureClass k = switch (e.kind()) {
                case WARN -> FailureClass.WARN;
                case BUG -> FailureClass.BUG;
                case HUNG -> FailureClass.HUNG;
                case PERCPU_UNDERFLOW -> FailureClass.PERCPU_UNDERFLOW;
                case INFO -> null;
            };
            if (k != null) failures.add(new Failure(k, e.function(), headline(e), index));
        }
    }

    /** A use after free and the model's own invariants are the model's findings (the kernel prints nothing): they come from the notes channel. */
    private void readNotes(int mark, int index) {
        List<ModelNotes.Note> notes = driver.machine().notes().entries();
        for (int i = mark; i < notes.size(); i++) {
            ModelNotes.Note n = notes.get(i);
            if (n.kind() == ModelNotes.Kind.USE_AFTER_FREE)
                failures.add(new Failure(FailureClass.USE_AFTER_FREE, n.function(), n.firstLine(), index));
            // The model's own invariants (FolioLife at init and hand-back, the driver's idle checks): counted, the run goes on.
            else if (n.kind() == ModelNotes.Kind.INVARIANT)
                failures.add(new Failure(FailureClass.NOTE, invariantSite(n.firstLine()), n.firstLine(), index));
        }
    }

    /** The line of a report that says what happened ("WARNING: ... at ...", "BUG: ...", "INFO: task ..."). */
    private static String headline(KernelLog.Entry e) {
        for (String line : e.text().split("\n"))
            if (line.startsWith("WARNING:") || line.startsWith("BUG:") || line.startsWith("kernel BUG") || line.startsWith("INFO:")
                    || line.startsWith("percpu ref")) return line;
        return e.firstLine();
    }

    private static final Pattern REF = Pattern.compile("ref count (-?\\d+), expected (-?\\d+)");

    /** An invariant line without its numbers, so that the same broken invariant has one site. */
    static String invariantSite(String line) {
        Matcher m = REF.matcher(line);
        if (m.find()) {
            long count = Long.parseLong(m.group(1));
            long expected = Long.parseLong(m.group(2));
            return count > expected ? "pgmap ref count above pages handed out (refs leaked)"
                    : "pgmap ref count below pages handed out (refs over-put)";
        }
        String s = line.replaceAll("^pfns? [^:]*: ", "");
        return s.replaceAll("0x[0-9a-f]+", "#").replaceAll("-?\\d+", "#");
    }

    // ---- results ---------------------------------------------------------------------------------

    public Driver driver() {
        return driver;
    }

    /** The steps as they ran, allocation templates resolved to the ranges the driver chose. */
    public List<Step> executed() {
        return List.copyOf(executed);
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** The first hard failure, or null. */
    public Failure firstHard() {
        for (Failure f : failures) if (f.kind().hard()) return f;
        return null;
    }

    public boolean hasHardFailure() {
        return firstHard() != null;
    }

    /** Failures that are not hard (WARN, MODEL_ERROR). */
    public List<Failure> soft() {
        return failures.stream().filter(f -> !f.kind().hard()).toList();
    }

    /** Non-null when a step was a call a conforming driver would not make; the run is then out of scope. */
    public String notConforming() {
        return notConforming;
    }

    public boolean conforming() {
        return notConforming == null;
    }

    /** Kernel primitives the last step executed. */
    long lastStepSteps() {
        return lastStepSteps;
    }

    /** The names of the kernel primitives the last step executed, in order. */
    List<String> lastStepPrimitives() {
        return lastStepPrimitives;
    }

    /** Whether the two calls of the last (pair) step really overlapped in time, i.e. the schedule preempted one. */
    boolean lastPairOverlapped() {
        return lastPairOverlapped;
    }

    /** The state after the last step: the machine's snapshot hash combined with the driver's records. */
    long stateHash() {
        return driver.machine().snapshot().hash() * 31 + driver.state().hashCode();
    }
}
