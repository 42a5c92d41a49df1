package lab.memremap.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds where a WARN or BUG fired: the kernel-named function that called it (the first frame outside
 * the diagnostics), the kernel file from that function's {@link Source}, and the call trace of
 * kernel-named frames. Only walked when a check fires, so passing checks cost nothing.
 */
final class WarnSite {
    final String function;
    final String file;
    final int line;
    final String onceKey;
    final List<String> callTrace;
    /** The class whose code made the check (for its other citations). */
    final Class<?> declaring;

    private static final Set<String> SKIP = Set.of(Bug.class.getName(), Mmdebug.class.getName(),
            WarnSite.class.getName(), Machine.class.getName(), PageDump.class.getName(),
            Diagnostics.class.getName(), StructPage.class.getName(), Page.class.getName(), Folio.class.getName(),
            Pointers.class.getName(), DevPagemapOps.class.getName());

    /** The model's own helpers around a check: the kernel names the function that contains the check. */
    private static final Set<String> HELPERS = Set.of("einval", "deref", "callerFunction");

    private WarnSite(String function, String file, int line, String onceKey, List<String> callTrace, Class<?> declaring) {
        this.declaring = declaring;
        this.function = function;
        this.file = file;
        this.line = line;
        this.onceKey = onceKey;
        this.callTrace = callTrace;
    }

    static WarnSite find(String macro) {
        return find(null, macro, new String[0]);
    }

    /**
     * The site of {@code macro} with the C condition text {@code cText[0]} (and an optional label
     * {@code cText[1]} that tells apart two checks with the same text, e.g. "PCI_P2PDMA"), its line
     * for the kernel {@code m} runs, where a {@link Source#warnLines()} entry gives one.
     */
    static WarnSite find(Machine m, String macro, String[] cText) {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.filter(f -> !SKIP.contains(f.getClassName()) && !HELPERS.contains(f.getMethodName())).limit(40).toList());
        StackWalker.StackFrame top = frames.isEmpty() ? null : frames.get(0);
        String function = top == null ? "?" : top.getMethodName();
        Source src = top == null ? null : sourceOf(top.getDeclaringClass(), function);
        String onceKey = macro + "@" + (top == null ? "?" : top.getClassName() + "#" + function + ":" + top.getLineNumber());
        List<String> trace = new ArrayList<>();
        for (StackWalker.StackFrame f : frames) {
            String name = f.getMethodName();
            if (!looksKernelNamed(name)) continue;
            if (!trace.isEmpty() && trace.get(trace.size() - 1).equals(name)) continue;
            trace.add(name);
            if (trace.size() == 8) break;
        }
        if (trace.isEmpty()) trace.add(function);
        boolean designCode = top != null && Design.class.isAssignableFrom(top.getDeclaringClass());
        // A design's lines hold only for the class that cites them: a subclass overriding the function
        // (a reader's own design) has no kernel line.
        boolean ownSource = top != null && declaresSource(top.getDeclaringClass(), function);
        int line = src == null || designCode && !ownSource ? 0
                : lineFor(src, macro, cText, m == null ? null : m.kernelVersion(), designCode);
        return new WarnSite(function, src == null ? "mm/memremap.c" : firstFile(src.file()), line, onceKey, trace,
                top == null ? Object.class : top.getDeclaringClass());
    }

    /**
     * Reads the line of a check from {@code warnLines} entries "MACRO[(cond)][[label]][@VERSION]=LINE".
     * An entry without a version belongs to a design's own code (its base kernel); shared model
     * functions name the version, since their lines differ between kernels. 0 when no entry matches.
     */
    static int lineFor(Source src, String macro, String[] cText, String version, boolean designCode) {
        String cond = cText != null && cText.length > 0 ? cText[0] : null;
        String label = cText != null && cText.length > 1 ? cText[1] : null;
        for (String entry : src.warnLines()) {
            int eq = entry.lastIndexOf('=');
            String key = entry.substring(0, eq).trim();
            String ver = null;
            int at = key.lastIndexOf('@');
            if (at > key.lastIndexOf(')')) {
                ver = key.substring(at + 1);
                key = key.substring(0, at);
            }
            String keyLabel = null;
            if (key.endsWith("]")) {
                keyLabel = key.substring(key.lastIndexOf('[') + 1, key.length() - 1);
                key = key.substring(0, key.lastIndexOf('['));
            }
            String keyCond = null;
            int paren = key.indexOf('(');
            if (paren > 0) {
                keyCond = key.substring(paren + 1, key.length() - 1);
                key = key.substring(0, paren);
            }
            if (!key.equals(macro)) continue;
            if (keyCond != null && !keyCond.equals(cond)) continue;
            if (keyLabel != null && !keyLabel.equals(label)) continue;
            if (ver == null ? !designCode : !ver.equals(version)) continue;
            return Integer.parseInt(entry.substring(eq + 1).trim());
        }
        return 0;
    }

    /** The lines other kernels have for the same check, for the note that says this one is unknown. */
    static String knownElsewhere(Source src, String macro) {
        List<String> out = new ArrayList<>();
        if (src != null)
            for (String entry : src.warnLines())
                if (entry.startsWith(macro) && entry.contains("@")) out.add(entry);
        return out.isEmpty() ? "" : " (known: " + String.join(", ", out) + ")";
    }

    /** "mm/memremap.c:431" where a source gives the line, else "mm/memremap.c:?": the model never invents one. */
    String location() {
        return file + ":" + (line > 0 ? String.valueOf(line) : "?");
    }

    static boolean looksKernelNamed(String name) {
        // lambda$..., JShell's do_it$ wrapper and other synthetic names are not kernel functions
        if (name.indexOf('$') >= 0 || name.equals("run") || name.equals("call")) return false;
        return name.indexOf('_') >= 0 && name.equals(name.toLowerCase());
    }

    private static String firstFile(String files) {
        int comma = files.indexOf(',');
        return comma < 0 ? files : files.substring(0, comma).trim();
    }

    private static boolean declaresSource(Class<?> c, String name) {
        for (java.lang.reflect.Method mt : c.getDeclaredMethods())
            if (mt.getName().equals(name) && mt.isAnnotationPresent(Source.class)) return true;
        return false;
    }

    static Source sourceOf(Class<?> c, String name) {
        return Sources.of(c, name).orElse(null);
    }
}
