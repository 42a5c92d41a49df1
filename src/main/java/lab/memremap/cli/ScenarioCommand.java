package lab.memremap.cli;

import java.nio.file.Path;
import lab.memremap.design.Designs;
import lab.memremap.model.Design;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioFile;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;

/**
 * {@code scenario S1 --design D4} or {@code scenario --file F --design D9}: runs one scenario on one
 * design (D9 if none is named) and prints the outcome, the kernel log like dmesg and the ref-count trace.
 */
final class ScenarioCommand {
    private ScenarioCommand() {}

    static int run(String[] args) throws Exception {
        String id = null;
        String file = null;
        String design = "D9";
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--design" -> design = MatrixCommand.next(args, ++i, "--design");
                    case "--file" -> file = MatrixCommand.next(args, ++i, "--file");
                    default -> {
                        if (args[i].startsWith("--") || id != null)
                            throw new IllegalArgumentException("scenario: unknown argument '" + args[i]
                                    + "'; usage: scenario ID [--design NAME] | scenario --file F [--design NAME]");
                        id = args[i];
                    }
                }
            }
            if ((id == null) == (file == null))
                throw new IllegalArgumentException("scenario: name one scenario (" + String.join(", ", Scenarios.ids())
                        + ") or --file F");
            Scenario s = file != null ? ScenarioFile.load(Path.of(file)) : Scenarios.byId(id);
            Design d = Designs.byName(design);
            ScenarioResult r = s.run(d);
            System.out.print(r.toText());
            System.out.println();
            System.out.println("ref-count trace:");
            System.out.print(r.traceText());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
