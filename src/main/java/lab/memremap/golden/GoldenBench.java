package lab.memremap.golden;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code BENCH golden.replay_s}: replaying every committed golden trace on the model (median of 5, after a warm-up). */
public final class GoldenBench {
    private GoldenBench() {}

    public static void run(PrintStream out) {
        int traces = GoldenTraces.names().size();
        replayAll(); // warm-up: JIT and class loading
        double[] secs = new double[5];
        for (int i = 0; i < secs.length; i++) {
            long t0 = System.nanoTime();
            replayAll();
            secs[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(secs);
        out.printf("BENCH golden.replay_s=%.3f%n", secs[secs.length / 2]);
        out.printf("BENCH golden.traces=%d%n", traces);
    }

    private static void replayAll() {
        for (Replay r : GoldenTraces.replayAll())
            if (!r.matches()) throw new IllegalStateException("golden bench: " + r.summary());
    }
}
