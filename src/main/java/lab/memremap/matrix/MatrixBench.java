package lab.memremap.matrix;

import lab.memremap.design.Designs;
import lab.memremap.scenario.Scenarios;

/**
 * The benchmark the lead's `bench` command calls: the whole matrix (every catalogue design x every
 * scenario), once cold and then as a notebook re-runs it after a design was edited (warm JVM).
 * Timing lives here only; results never depend on it.
 */
public final class MatrixBench {
    private MatrixBench() {}

    /** Prints "BENCH matrix.cold_s=..." and "BENCH matrix.full_s=..." (the warm re-run, median of 3). */
    public static void run() {
        long t0 = System.nanoTime();
        Matrix.of(Designs.all()).scenarios(Scenarios.all()).run();
        double cold = (System.nanoTime() - t0) / 1e9;
        double[] warm = new double[3];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            Matrix.of(Designs.all()).scenarios(Scenarios.all()).run();
            warm[i] = (System.nanoTime() - t) / 1e9;
        }
        java.util.Arrays.sort(warm);
        System.out.printf("BENCH matrix.cold_s=%.3f%n", cold);
        System.out.printf("BENCH matrix.full_s=%.3f%n", warm[1]);
    }

    public static void main(String[] args) {
        run();
    }
}
