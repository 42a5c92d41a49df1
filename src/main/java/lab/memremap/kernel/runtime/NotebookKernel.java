package lab.memremap.kernel.runtime;

import lab.memremap.kernel.WorkbookKernel;

/** IJava's kernel functions for notebooks: {@code getKernelInstance()}, JJava's {@code kernel()}, {@code eval}, {@code printf}. */
public final class NotebookKernel {
    private NotebookKernel() {}

    public static WorkbookKernel getKernelInstance() {
        return WorkbookKernel.instance();
    }

    public static WorkbookKernel kernel() {
        return WorkbookKernel.instance();
    }

    /** Runs Java code from inside a cell and returns the value of its last expression (or null). */
    public static Object eval(String code) throws Exception {
        return WorkbookKernel.instance().evalNested(code);
    }

    public static void printf(String format, Object... args) {
        System.out.printf(format, args);
    }
}
