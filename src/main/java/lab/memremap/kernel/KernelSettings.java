package lab.memremap.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import lab.memremap.kernel.magics.MagicArgs;

/**
 * The kernel's configuration from its environment. IJava's {@code IJAVA_*} names are honoured, and JJava's
 * {@code JJAVA_*} spellings too, so kernelspecs written for either keep working. A variable of either
 * family that this kernel does not honour is listed in {@link #ignored()}, with the reason, to be said at
 * start-up.
 *
 * @param workbookPreloaded false when {@code MEMREMAP_LAB_PRELOAD=0}: no workbook imports or renderers,
 *                          a stand-in for a stock IJava kernel
 * @param cellTimeLimit     {@code IJAVA_TIMEOUT}: a cell running longer is stopped; null for no limit
 * @param ignored           one sentence per IJava/JJava variable that has no effect here
 */
public record KernelSettings(boolean workbookPreloaded, List<String> compilerOptions, String classpath,
                             String startupScriptsPath, String startupScript, Duration cellTimeLimit,
                             List<String> ignored) {

    /** The suffixes after IJAVA_ / JJAVA_ that this kernel honours. */
    private static final Set<String> HONOURED = Set.of("COMPILER_OPTS", "CLASSPATH", "STARTUP_SCRIPTS_PATH",
            "STARTUP_SCRIPT", "TIMEOUT");

    /** Why JJava's other settings do nothing here. */
    private static final Map<String, String> WHY_IGNORED = Map.of(
            "JVM_OPTS", "JVM options come from the kernelspec's argv (kernel/install --heap, or edit kernel.json)",
            "LOAD_EXTENSIONS", "this kernel has no JJava extensions to load");

    public static KernelSettings from(Map<String, String> env) {
        String preload = env.getOrDefault("MEMREMAP_LAB_PRELOAD", "1").strip();
        boolean preloaded = !(preload.equals("0") || preload.equalsIgnoreCase("false") || preload.equalsIgnoreCase("no"));
        List<String> options = new ArrayList<>(MagicArgs.split(either(env, "COMPILER_OPTS")));
        List<String> ignored = new ArrayList<>();
        Duration limit = timeLimit(either(env, "TIMEOUT"), ignored);
        for (String name : new TreeMap<>(env).keySet()) {
            if (!name.startsWith("IJAVA_") && !name.startsWith("JJAVA_")) continue;
            String suffix = name.substring("IJAVA_".length());
            if (HONOURED.contains(suffix)) continue;
            ignored.add(name + " is ignored: " + WHY_IGNORED.getOrDefault(suffix, "this kernel does not know this setting"));
        }
        return new KernelSettings(preloaded, options, either(env, "CLASSPATH"),
                either(env, "STARTUP_SCRIPTS_PATH"), either(env, "STARTUP_SCRIPT"), limit, List.copyOf(ignored));
    }

    /**
     * IJava's form: milliseconds ({@code "500"}), or a count and a {@link TimeUnit} ({@code "30 SECONDS"});
     * -1 (or nothing) for no limit. A value that means neither is reported and ignored.
     */
    static Duration timeLimit(String value, List<String> ignored) {
        String v = value.strip();
        if (v.isEmpty()) return null;
        String[] parts = v.split("\\s+");
        try {
            long amount = Long.parseLong(parts[0]);
            if (amount < 0) return null;
            if (parts.length == 1) return Duration.ofMillis(amount);
            if (parts.length == 2) return Duration.ofNanos(TimeUnit.valueOf(parts[1].toUpperCase(Locale.ROOT)).toNanos(amount));
        } catch (IllegalArgumentException notATime) {
            // reported below
        }
        ignored.add("IJAVA_TIMEOUT/JJAVA_TIMEOUT=" + value + " is ignored: give milliseconds, \"<n> <TimeUnit>\""
                + " (e.g. 30 SECONDS) or -1 for no limit");
        return null;
    }

    private static String either(Map<String, String> env, String suffix) {
        String v = env.get("IJAVA_" + suffix);
        if (v == null || v.isBlank()) v = env.get("JJAVA_" + suffix);
        return v == null ? "" : v;
    }
}
