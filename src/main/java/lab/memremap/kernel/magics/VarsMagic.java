package lab.memremap.kernel.magics;

import java.util.List;

/**
 * {@code %vars}: the variables the cells have defined, with their type and value, as a table (a teaching
 * aid other JVM kernels have, like IPython's {@code %whos}). JShell's temporaries ({@code $1}) are left out.
 */
public final class VarsMagic {
    /** One variable as JShell knows it; the value is its {@code toString()}, shortened. */
    public record Variable(String name, String type, String value) {}

    private static final int MAX_VALUE = 80;
    private final MagicHost host;

    public VarsMagic(MagicHost host) {
        this.host = host;
    }

    public void register(MagicCatalog catalog) {
        catalog.line("vars", "the cells' variables with their type and value", args -> {
            System.out.print(table(host.variables()));
            return null;
        });
    }

    static String table(List<Variable> variables) {
        List<Variable> shown = variables.stream().filter(v -> !v.name().startsWith("$")).toList();
        if (shown.isEmpty()) return "No variables defined.\n";
        int nameWidth = "Variable".length(), typeWidth = "Type".length();
        for (Variable v : shown) {
            nameWidth = Math.max(nameWidth, v.name().length());
            typeWidth = Math.max(typeWidth, v.type().length());
        }
        String format = "%-" + nameWidth + "s  %-" + typeWidth + "s  %s%n";
        StringBuilder out = new StringBuilder(String.format(format, "Variable", "Type", "Value"));
        out.append(String.format(format, "-".repeat(nameWidth), "-".repeat(typeWidth), "-----"));
        for (Variable v : shown) out.append(String.format(format, v.name(), v.type(), shorten(v.value())));
        return out.toString();
    }

    private static String shorten(String value) {
        String oneLine = value.replace("\n", "\\n");
        return oneLine.length() <= MAX_VALUE ? oneLine : oneLine.substring(0, MAX_VALUE - 1) + "…";
    }
}
