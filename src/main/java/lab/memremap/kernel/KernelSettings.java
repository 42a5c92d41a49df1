package lab.memremap.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.memremap.kernel.magics.MagicArgs;

/**
 * The kernel's configuration from its environment. IJava's {@code IJAVA_*} names are honoured, and JJava's
 * {@code JJAVA_*} spellings too, so kernelspecs written for either keep working.
 *
 * @param workbookPreloaded false when {@code MEMREMAP_LAB_PRELOAD=0}: no workbook imports or renderers,
 *                          a stand-in for a stock IJava kernel
 */
public record KernelSettings(boolean workbookPreloaded, List<String> compilerOptions, String classpath,
                             String startupScriptsPath, String startupScript) {

    public static KernelSettings from(Map<String, String> env) {
        String preload = env.getOrDefault("MEMREMAP_LAB_PRELOAD", "1").strip();
        boolean preloaded = !(preload.equals("0") || preload.equalsIgnoreCase("false") || preload.equalsIgnoreCase("no"));
        List<String> options = new ArrayList<>(MagicArgs.split(either(env, "COMPILER_OPTS")));
        return new KernelSettings(preloaded, options, either(env, "CLASSPATH"),
                either(env, "STARTUP_SCRIPTS_PATH"), either(env, "STARTUP_SCRIPT"));
    }

    private static String either(Map<String, String> env, String suffix) {
        String v = env.get("IJAVA_" + suffix);
        if (v == null || v.isBlank()) v = env.get("JJAVA_" + suffix);
        return v == null ? "" : v;
    }
}
