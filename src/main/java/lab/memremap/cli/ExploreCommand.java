package lab.memremap.cli;

import lab.memremap.design.Designs;
import lab.memremap.explore.ExplorationReport;
import lab.memremap.explore.Explorer;

/** {@code explore --design D4 [--seed N] [--max-ops K]}: search a design for failing driver sequences. */
final class ExploreCommand {
    private ExploreCommand() {}

    static int run(String[] args) {
        String design = null;
        long seed = 1;
        int maxOps = 4;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) return usage("missing value after " + a);
            switch (a) {
                case "--design" -> design = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--max-ops" -> maxOps = Integer.parseInt(args[++i]);
                default -> {
                    return usage("unknown option " + a);
                }
            }
        }
        if (design == null) return usage("give --design (one of " + String.join(", ", Designs.names()) + ")");
        ExplorationReport r = Explorer.of(Designs.byName(design)).seed(seed).maxOps(maxOps).run();
        System.out.println(r.toText());
        if (!r.hardFailures().isEmpty()) {
            System.out.println("the hard failure with the fewest calls (1-minimal: no step can be removed), as code for a cell:");
            System.out.println(r.shortest().toCode());
        }
        return 0;
    }

    private static int usage(String why) {
        System.err.println("explore: " + why + "\nusage: explore --design D4 [--seed N] [--max-ops K]");
        return 2;
    }
}
