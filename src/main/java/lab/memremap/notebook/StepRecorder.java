package lab.memremap.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import lab.memremap.model.Machine;

/**
 * The step listener behind {@link StepWatch}'s tables and {@link ScenarioSteps}' recordings: just before
 * each kernel primitive runs, it notes the primitive, the clock and CPU, and the state a probe reads then.
 * The state after primitive i is the state before primitive i+1 (or, for the last, the final state).
 */
final class StepRecorder<S> {
    final List<String> functions = new ArrayList<>();
    final List<long[]> clocks = new ArrayList<>();
    final List<S> before = new ArrayList<>();
    private final Machine m;
    private final Function<String, S> probe;
    private boolean active;

    private StepRecorder(Machine m, Function<String, S> probe) {
        this.m = m;
        this.probe = probe;
    }

    /**
     * Starts recording {@code m}. The probe gets the name of the primitive about to run, and is called
     * before that primitive's row exists (so the last row is still the previous primitive's).
     */
    static <S> StepRecorder<S> attach(Machine m, Function<String, S> probe) {
        StepRecorder<S> r = new StepRecorder<>(m, probe);
        m.addStepListener((mach, fn) -> r.onStep(fn));
        r.active = true;
        return r;
    }

    private void onStep(String function) {
        if (!active) return;
        S state = probe.apply(function);
        add(function, state);
    }

    /** A row the code did not step into itself (where it stopped). */
    void add(String function, S state) {
        functions.add(function);
        clocks.add(new long[] {m.clock(), m.currentCpu()});
        before.add(state);
    }

    void stop() {
        active = false;
    }

    /** The state after primitive {@code i}. */
    S after(int i, S last) {
        return i + 1 < before.size() ? before.get(i + 1) : last;
    }
}
