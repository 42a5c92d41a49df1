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

    private static final Set<String> SKIP = Set.of(Bug.class.getName(), Mmdebug.class.getName(),
            WarnSite.class.getName(), Machine.class.getName(), PageDump.class.getName(),
            Diagnostics.class.getName());

    private WarnSite(String function, String file, int line, String onceKey, List<String> callTrace) {
        this.function = function;
        this.file = file;
        this.line = line;
        this.onceKey = onceKey;
        this.callTrace = callTrace;
    }

    static WarnSite find(String macro) {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.filter(f -> !SKIP.contains(f.getClassName())).limit(40).toList());
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
        int line = src == null ? 0 : src.line();
        if (src != null)
            for (String wl : src.warnLines())
                if (wl.startsWith(macro + "=")) line = Integer.parseInt(wl.substring(macro.length() + 1).trim());
        return new WarnSite(function, src == null ? "mm/memremap.c" : firstFile(src.file()), line, onceKey, trace);
    }

    /** "mm/memremap.c:431" where a source gives the line, else just the file. */
    String location() {
        return line > 0 ? file + ":" + line : file;
    }

    static boolean looksKernelNamed(String name) {
        if (name.startsWith("lambda$") || name.equals("run") || name.equals("call")) return false;
        return name.indexOf('_') >= 0 && name.equals(name.toLowerCase());
    }

    private static String firstFile(String files) {
        int comma = files.indexOf(',');
        return comma < 0 ? files : files.substring(0, comma).trim();
    }

    static Source sourceOf(Class<?> c, String name) {
        return Sources.of(c, name).orElse(null);
    }
}
