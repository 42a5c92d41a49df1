package lab.memremap.cli;

/** {@code bench}: the model's benchmarks, one {@code BENCH name=value} line each. */
final class BenchCommand {
    private BenchCommand() {}

    static int run(String[] args) {
        lab.memremap.bench.ModelBench.run(System.out, 3);
        lab.memremap.matrix.MatrixBench.run();
        lab.memremap.explore.ExplorerBench.run(System.out);
        lab.memremap.mutation.MutationBench.run(System.out);
        lab.memremap.golden.GoldenBench.run(System.out);
        return 0;
    }
}
