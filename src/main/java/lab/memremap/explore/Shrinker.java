package lab.memremap.explore;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.model.Design;

/**
 * Shrinks a failing scenario to a 1-minimal one that fails the same way (same class, same site):
 * repeatedly tries to drop one step (the calls that depended on it drop with it), and to run a
 * two-CPU step's calls alone instead, until no single removal keeps the failure. The result is 1-minimal (no single step can be
 * removed), not necessarily the shortest scenario that fails this way.
 */
final class Shrinker {
    private final Design design;
    private final Setup setup;
    private int runs;

    Shrinker(Design design, Setup setup) {
        this.design = design;
        this.setup = setup;
    }

    int runs() {
        return runs;
    }

    /** The 1-minimal scenario, its steps as they ran, ending with the step where the failure appears. */
    List<Step> shrink(List<Step> steps, String signature) {
        List<Step> best = List.copyOf(steps);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = best.size() - 1; i >= 0 && !progress; i--) {
                for (List<Step> candidate : variants(best, i)) {
                    List<Step> kept = failsSame(candidate, signature);
                    if (kept != null && size(kept) < size(best)) {
                        best = kept;
                        progress = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    /** Without step i; and for a pair, with only one of its calls in place of the pair. */
    private static List<List<Step>> variants(List<Step> steps, int i) {
        List<List<Step>> out = new ArrayList<>();
        List<Step> without = new ArrayList<>(steps);
        without.remove(i);
        out.add(without);
        Step s = steps.get(i);
        if (s.isPair()) {
            for (Op alone : s.ops()) {
                List<Step> single = new ArrayList<>(steps);
                single.set(i, Step.of(alone));
                out.add(single);
            }
        }
        return out;
    }

    /** Runs the candidate; the steps it really executed up to the failure if it fails the same way, else null. */
    List<Step> failsSame(List<Step> steps, String signature) {
        runs++;
        Run run = Run.executeLenient(design, setup, steps);
        if (!run.conforming()) return null;
        for (Failure f : run.failures())
            if (f.signature().equals(signature)) return run.executed().subList(0, f.step() + 1);
        return null;
    }

    /** Calls in a scenario: a pair counts as two. */
    static int size(List<Step> steps) {
        int n = 0;
        for (Step s : steps) n += s.isPair() ? 2 : 1;
        return n;
    }
}
