package lab.memremap.cli;

/** {@code bench}: the model's benchmarks, one {@code BENCH name=value} line each. */
final class BenchCommand {
    private BenchCommand() {}

    static int run(String[] args) {
        System.out.println("BENCH model.pending=1");
        return 0;
    }
}
