package lab.memremap.mutation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The mutation benchmark (issue 12): every generated mutant of mainline judged by the matrix and the
 * explorer in one warm JVM (after one untimed pass over them all), each stopping at its first catch. Prints
 * {@code BENCH explorer.mutation_score=<killed>/<non-equivalent>}, {@code BENCH explorer.mutant_median_s}
 * and {@code BENCH explorer.mutant_max_s}, with one '#' line per mutant that survived.
 */
public final class MutationBench {
    private MutationBench() {}

    public static void run(PrintStream out) {
        MutationRun judge = MutationRun.againstMainline();
        // One untimed pass first: the times are a warm JVM's, not the JIT compiling each search the first time.
        for (Mutant m : D9Mutants.all()) if (!m.equivalent()) judge.judge(m);
        List<Double> seconds = new ArrayList<>();
        int killed = 0;
        int nonEquivalent = 0;
        String slowest = "";
        double max = -1;
        for (Mutant m : D9Mutants.all()) {
            if (m.equivalent()) continue;   // argued in Equivalent, not run: a survivor costs a full search
            long t0 = System.nanoTime();   // the benchmark is the only place that measures time
            MutationRun.Verdict v = judge.judge(m);
            double s = (System.nanoTime() - t0) / 1e9;
            seconds.add(s);
            if (s > max) {
                max = s;
                slowest = m.id();
            }
            nonEquivalent++;
            if (v.caught()) killed++;
            else out.printf("# survived: %s (%s)%n", m.id(), m.change());
        }
        Collections.sort(seconds);
        double median = seconds.isEmpty() ? Double.NaN : seconds.size() % 2 == 1 ? seconds.get(seconds.size() / 2)
                : (seconds.get(seconds.size() / 2 - 1) + seconds.get(seconds.size() / 2)) / 2;
        out.printf("# %d mutants, %d judged equivalent (not run); times after one untimed pass; slowest %s%n", D9Mutants.all().size(),
                D9Mutants.all().size() - nonEquivalent, slowest);
        out.printf("BENCH explorer.mutation_score=%d/%d%n", killed, nonEquivalent);
        out.printf("BENCH explorer.mutant_median_s=%.3f%n", median);
        out.printf("BENCH explorer.mutant_max_s=%.3f%n", max);
    }

    public static void main(String[] args) {
        run(System.out);
        System.exit(0);
    }
}
