package lab.memremap.explore;

import lab.memremap.design.D9_Mainline;
import lab.memremap.model.Design;

/** A plain harness for measuring the explorer by hand (not a test). */
public final class ExplorerHarness {
    public static void main(String[] args) {
        Design[] designs = {new D9_Mainline(), new BrokenDesigns.OrderOneLeak(), new BrokenDesigns.NoReinit(),
            new BrokenDesigns.PutBeforeCallback(), new BrokenDesigns.PgmapAfterCallback(), new BrokenDesigns.CoherentPutsOne(),
            new BrokenDesigns.LegacyWrapper()};
        int maxOps = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        for (Design d : designs) {
            long t0 = System.nanoTime();
            ExplorationReport r = Explorer.of(d).maxOps(maxOps).run();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("=== %s: %.2f s, %.0f runs/s%n", d.name(), s, r.runs() / s);
            System.out.println(r.toText());
        }
    }
}
