package lab.memremap.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line entry point of the workbook jar: {@code java -jar memremap-lab.jar <command> [args]}.
 * Each command is one class; this table is the only place that names them.
 */
public final class Main {
    /** A subcommand: runs with the remaining arguments and returns the process exit code. */
    @FunctionalInterface
    public interface Command {
        int run(String[] args) throws Exception;
    }

    private static Map<String, Command> commands() {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("bench", BenchCommand::run);
        c.put("matrix", MatrixCommand::run);
        c.put("scenario", ScenarioCommand::run);
        c.put("explore", ExploreCommand::run);
        return c;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println("usage: memremap-lab <command> [args]; commands: " + String.join(", ", commands.keySet()));
            return;
        }
        Command cmd = commands.get(args[0]);
        if (cmd == null) {
            System.err.println("memremap-lab: unknown command '" + args[0] + "'; valid: " + String.join(", ", commands.keySet()));
            System.exit(2);
        }
        int rc = cmd.run(Arrays.copyOfRange(args, 1, args.length));
        System.exit(rc);
    }
}
