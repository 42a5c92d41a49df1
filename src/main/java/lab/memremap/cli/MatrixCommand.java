package lab.memremap.cli;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.design.Designs;
import lab.memremap.matrix.Matrix;
import lab.memremap.matrix.MatrixResult;
import lab.memremap.model.Design;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.Scenarios;

/** {@code matrix [--csv] [--design D ...] [--scenario S ...]}: designs x scenarios as text or CSV. */
final class MatrixCommand {
    private MatrixCommand() {}

    static int run(String[] args) {
        boolean csv = false;
        List<Design> designs = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--csv" -> csv = true;
                    case "--design" -> designs.add(Designs.byName(next(args, ++i, "--design")));
                    case "--scenario" -> scenarios.add(Scenarios.byId(next(args, ++i, "--scenario")));
                    default -> throw new IllegalArgumentException("matrix: unknown argument '" + args[i]
                            + "'; usage: matrix [--csv] [--design NAME]... [--scenario ID]...");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        MatrixResult r = Matrix.of(designs.isEmpty() ? Designs.all() : designs)
                .scenarios(scenarios.isEmpty() ? Scenarios.all() : scenarios).run();
        System.out.print(csv ? r.toCsv() : r.toText());
        return 0;
    }

    static String next(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }
}
