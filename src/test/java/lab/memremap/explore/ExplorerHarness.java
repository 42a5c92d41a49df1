package lab.memremap.explore;

import lab.memremap.model.Design;

/** A plain harness for measuring the explorer by hand (not a test). */
public final class ExplorerHarness {
    public static void main(String[] args) {
        String[] names = args.length > 1 ? args[1].split(",") : new String[] {"D3", "D4", "D7", "D8", "D9"};
        Design[] designs = java.util.Arrays.stream(names).map(lab.memremap.design.Designs::byName).toArray(Design[]::new);
        int maxOps = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        for (Design d : designs) {
            long t0 = System.nanoTime();
            ExplorationReport r = Explorer.of(d).maxOps(maxOps).run();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("=== %s: %.2f s, %.0f runs/s%n", d.name(), s, r.runs() / s);
            System.out.println(args.length > 2 ? r.toText() : r.toText().lines().filter(l -> !l.startsWith("  ")).collect(java.util.stream.Collectors.joining("\n")));
        }
    }
}
