package io.github.spencerpark.ijava;

import lab.memremap.kernel.KernelMain;
import lab.memremap.kernel.WorkbookKernel;

/**
 * The name IJava notebooks import ({@code io.github.spencerpark.ijava.IJava.getKernelInstance()}), pointing
 * at the memremap-lab kernel, so notebooks written for IJava run unchanged.
 */
public final class IJava {
    public static final String VERSION = WorkbookKernel.VERSION;
    public static final String COMPILER_OPTS_KEY = "IJAVA_COMPILER_OPTS";
    public static final String TIMEOUT_DURATION_KEY = "IJAVA_TIMEOUT";
    public static final String CLASSPATH_KEY = "IJAVA_CLASSPATH";
    public static final String STARTUP_SCRIPTS_KEY = "IJAVA_STARTUP_SCRIPTS_PATH";
    public static final String STARTUP_SCRIPT_KEY = "IJAVA_STARTUP_SCRIPT";

    private IJava() {}

    public static WorkbookKernel getKernelInstance() {
        return WorkbookKernel.instance();
    }

    public static void main(String[] args) throws Exception {
        KernelMain.main(args);
    }
}
