package lab.memremap.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of a scenario: a driver call on CPU A, or two driver calls on CPUs A and B interleaved
 * at kernel-primitive granularity by a schedule ("A 3; B; A" = A runs three primitives, then B runs
 * to the end or until it blocks, then A goes on).
 */
public record Step(Op a, Op b, String schedule) {
    public static Step of(Op op) {
        return new Step(op, null, null);
    }

    public static Step pair(Op a, Op b, String schedule) {
        return new Step(a, b, schedule);
    }

    public boolean isPair() {
        return b != null;
    }

    public List<Op> ops() {
        List<Op> out = new ArrayList<>();
        out.add(a);
        if (b != null) out.add(b);
        return out;
    }

    /** Runs the step; returns it with templates resolved to the ranges the driver chose. */
    Step run(Driver d) {
        if (b == null) {
            Op done = a.run(d);
            return new Step(done, null, null);
        }
        Op[] done = {a, b};
        d.onTwoCpus(schedule, () -> done[0] = a.run(d), () -> done[1] = b.run(d));
        return new Step(done[0], done[1], schedule);
    }

    /** Java code for this step on a driver variable {@code d}. */
    public String toCode() {
        if (b == null) return a.toCode() + ";";
        return String.format("d.onTwoCpus(\"%s\",%n        () -> %s,%n        () -> %s);", schedule,
                a.toCode(), b.toCode());
    }

    public String label(Setup setup) {
        if (b == null) return a.label(setup);
        return "A: " + a.label(setup) + " | B: " + b.label(setup) + "  [" + schedule + "]";
    }
}
