package lab.memremap.kernel;

import lab.memremap.kernel.engine.CellFailure;
import lab.memremap.kernel.engine.JShellEngine;

/**
 * A kernel's first moments without a frontend: JShell with the start-up imports, a few cells, a render, a
 * completion. Run under {@code -XX:ArchiveClassesAtExit} by the installer so the AppCDS archive holds the
 * classes a real start needs.
 */
final class WarmUp {
    private WarmUp() {}

    static void run() throws CellFailure {
        WorkbookKernel kernel = new WorkbookKernel(KernelSettings.from(System.getenv()));
        JShellEngine engine = kernel.engine();
        engine.evalCell("1+1", () -> {});
        engine.evalCell("int warmUp = 2; String s = \"x\" + warmUp;", () -> {});
        kernel.renderValue(java.util.List.of(1, 2));
        kernel.complete("System.out.printl", 17);
        kernel.completeness("for (int i = 0; i < 3; i++) {");
        engine.close();
        System.exit(0);
    }

    /** For the benchmark: the median time JShell alone takes to evaluate {@code 1+1}, without any kernel. */
    static void jshellTiming() throws CellFailure {
        JShellEngine engine = new JShellEngine(java.util.List.of(), StartupImports.snippets(true,
                WarmUp.class.getClassLoader()), System.err);
        for (int i = 0; i < 20; i++) engine.evalNested("1+1");
        long[] ns = new long[51];
        for (int i = 0; i < ns.length; i++) {
            long t = System.nanoTime();
            engine.evalNested("1+1");
            ns[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(ns);
        System.out.printf(java.util.Locale.ROOT, "%.1f%n", ns[ns.length / 2] / 1e6);
        engine.close();
        System.exit(0);
    }
}
