package lab.memremap.mutation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.memremap.design.D9_Mainline;
import lab.memremap.explore.Counterexample;
import lab.memremap.explore.ExplorationReport;
import lab.memremap.explore.Explorer;
import lab.memremap.model.Design;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;

/**
 * Judges a mutant against mainline: does the matrix or the explorer see it behave differently? First
 * the scenarios, cheapest first, each compared with D9's result (outcomes, observations, stale notes,
 * invariant lines, final ref counts); then the explorer with the conforming driver, then with the
 * buggy driver, each stopping at the first failure mainline does not show. The first difference is
 * the catch. Build one per JVM: it runs mainline once for the baselines.
 */
public final class MutationRun {
    /** What judging one mutant found: who caught it (null: nobody), and how long it took (filled by the bench). */
    public record Verdict(Mutant mutant, String caughtBy) {
        public boolean caught() {
            return caughtBy != null;
        }
    }

    private final List<Scenario> scenarios;
    private final Map<String, String> baseline = new LinkedHashMap<>();
    private final Set<String> explorerBaseline;
    private final Set<String> buggyBaseline;

    private MutationRun() {
        // The two slow scenarios (S15 splits 512 folios, S11 maps a 1 GiB folio) go last.
        List<Scenario> order = new ArrayList<>();
        for (Scenario s : Scenarios.all()) if (!s.id().equals("S11") && !s.id().equals("S15")) order.add(s);
        order.add(Scenarios.S15);
        order.add(Scenarios.S11);
        this.scenarios = List.copyOf(order);
        for (Scenario s : scenarios) baseline.put(s.id(), fingerprint(s.run(new D9_Mainline())));
        this.explorerBaseline = signatures(Explorer.of(new D9_Mainline()).run());
        this.buggyBaseline = signatures(buggy(new D9_Mainline()).run());
    }

    /** Baselines from mainline (a few seconds). */
    public static MutationRun againstMainline() {
        return new MutationRun();
    }

    /** The failure signatures the explorer finds on mainline with the conforming driver (S16's finding). */
    public Set<String> explorerBaseline() {
        return explorerBaseline;
    }

    public Verdict judge(Mutant m) {
        for (Scenario s : scenarios) {
            ScenarioResult r = s.run(m.design().get());
            String got = fingerprint(r);
            if (!got.equals(baseline.get(s.id())))
                return new Verdict(m, "matrix " + s.id() + ": " + cellOf(baseline.get(s.id())) + " -> " + r.cell());
        }
        String e = explorerCatch(m.design().get(), false, explorerBaseline);
        if (e != null) return new Verdict(m, "explorer: " + e);
        e = explorerCatch(m.design().get(), true, buggyBaseline);
        if (e != null) return new Verdict(m, "explorer, buggy driver: " + e);
        return new Verdict(m, null);
    }

    /**
     * The buggy driver's search, on smaller bounds than the default: its extra moves (a second hand-out,
     * a stray put, an allocation racing teardown) show within three calls, and a mutant that only it
     * catches pays for a full search of it.
     */
    private static Explorer buggy(Design d) {
        return Explorer.of(d).buggyDriver(true).maxOps(3).random(0, 1);
    }

    private static String explorerCatch(Design d, boolean buggy, Set<String> base) {
        ExplorationReport r = (buggy ? buggy(d) : Explorer.of(d)).stopAtFirstNew(base).run();
        Set<String> got = signatures(r);
        for (Counterexample c : r.counterexamples())
            if (!base.contains(c.failure().signature()))
                return c.failure().signature() + " in " + c.operations() + " call(s)";
        Set<String> missing = new HashSet<>(base);
        missing.removeAll(got);
        return missing.isEmpty() ? null : "mainline's " + missing.iterator().next() + " no longer happens";
    }

    private static Set<String> signatures(ExplorationReport r) {
        Set<String> out = new HashSet<>();
        for (Counterexample c : r.counterexamples()) out.add(c.failure().signature());
        return out;
    }

    /** What a scenario result must keep for the mutant to count as behaving like mainline there. */
    private static String fingerprint(ScenarioResult r) {
        return r.cell() + " | " + r.observations() + " | " + r.staleNotes() + " | " + r.invariantViolations() + " | " + r.finalRefs();
    }

    private static String cellOf(String fingerprint) {
        return fingerprint.substring(0, fingerprint.indexOf(" | "));
    }
}
