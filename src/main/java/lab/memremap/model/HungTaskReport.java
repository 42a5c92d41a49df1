package lab.memremap.model;

/**
 * What khungtaskd prints for a task in D state longer than hung_task_timeout_secs: the report of
 * check_hung_task() (6.12; hung_task_info() in 7.2, kernel/hung_task.c) and the task line of
 * sched_show_task() (kernel/sched/core.c), in the format of the running design's kernel. The formats are
 * in {@link PrintkFormats}; the differences between the versions, each gated here:
 * <ul>
 * <li>{@code task_flags:0x%04x} (p->flags) before the thread flags: "hung_task: add task->flags, blocked
 *     by coredump to log" (Oxana Kharitonova, &lt;20250110160328.64947-1-oxana@cloudflare.com&gt;, with
 *     Andrew Morton's printk-format fix &lt;20250110195445.586a1682302e66788e83e83e@linux-foundation.org&gt;).
 *     Absent from 6.12.117 (core.c:7673), present in 7.2.13 (core.c:8239); taken into mm-nonmm on 10 Jan
 *     2025, so the model dates it 6.14 (inferred from that date, not read in a 6.14 tree).</li>
 * <li>The same patch's "      Blocked by coredump." line: only for a task with PF_POSTCOREDUMP, which no
 *     task of the model has, so it is never printed.</li>
 * <li>The thread flags ({@code flags:0x%08lx}, read_task_thread_flags()): a task switched out has
 *     TIF_NEED_FPU_LOAD, bit 14 on x86 until "x86: Use generic TIF bits" moved it to bit 19 (tip core/core
 *     for v6.18-rc1, &lt;175913807599.495041.10251515322736195577.tglx@xen13&gt;;
 *     arch/x86/include/asm/thread_info.h:97 in 6.12.117, :95 in 7.2.13): 0x00004000 before 6.18,
 *     0x00080000 from 6.18 on.</li>
 * <li>"blocked%s for more than": 7.2.13 (hung_task.c:254-255) says " in I/O wait" for a task in
 *     io_schedule() ("hung_task: explicitly report I/O wait state in log output", March 2026; the model
 *     dates it 7.1 from a secondary source, not read in a 7.0 or 7.1 tree). The tasks of the model sleep in
 *     wait_for_completion() (memunmap_pages()) or on a page lock, never in I/O wait, so the line reads as in
 *     6.12 (hung_task.c:134).</li>
 * </ul>
 */
@Source(file = "kernel/hung_task.c", ref = "7.2.13", note = "6.12.117: kernel/hung_task.c:134-143, kernel/sched/core.c:7663-7675")
final class HungTaskReport {
    private HungTaskReport() {}

    /** The kernel that first printed task_flags in sched_show_task() (see the class comment). */
    static final String TASK_FLAGS_SINCE = "6.14";
    /** The kernel whose hung-task line is "blocked%s" (see the class comment). */
    static final String IO_WAIT_SINCE = "7.1";
    /** The kernel whose x86 TIF_NEED_FPU_LOAD is bit 19 (generic TIF bits), not bit 14. */
    static final String GENERIC_TIF_BITS_SINCE = "6.18";

    // include/linux/sched.h (7.2.13:1789-1811; the same values in 6.12.117)
    private static final int PF_WQ_WORKER = 0x00000020;
    private static final int PF_FORKNOEXEC = 0x00000040;
    private static final int PF_SUPERPRIV = 0x00000100;
    private static final int PF_NOFREEZE = 0x00008000;
    private static final int PF_KTHREAD = 0x00200000;
    private static final int PF_RANDOMIZE = 0x00400000;
    private static final int PF_NO_SETAFFINITY = 0x04000000;

    /**
     * p->flags of the model's tasks: a per-CPU kworker ("kworker/1:1") is a kernel thread that never
     * exec'd, cannot be frozen, is a workqueue worker and is bound to its CPU; any other task is a root
     * process after exec (hmm-tests, rmmod): address-space randomisation, and super-user privileges used.
     */
    static int taskFlags(String comm) {
        if (comm.startsWith("kworker/"))
            return PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC | PF_WQ_WORKER | (comm.contains("/u") ? 0 : PF_NO_SETAFFINITY);
        return PF_RANDOMIZE | PF_SUPERPRIV;
    }

    /** The report for the task on CPU {@code c}, asleep in {@code stack} (innermost first). */
    static String text(Machine m, int c, String... stack) {
        String comm = m.comm(c);
        int pid = m.pid(c);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("INFO: task %s:%d blocked for more than %d seconds.%n", comm, pid, Constants.HUNG_TASK_TIMEOUT_SECS));
        sb.append("      ").append(m.printTainted()).append(' ').append(m.kernelRelease()).append(" #1\n");
        sb.append("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n");
        // stack:0 is stack_not_used() without CONFIG_DEBUG_STACK_USAGE; a kworker's parent is kthreadd (pid 2).
        sb.append(String.format("task:%-15.15s state:D stack:%-5d pid:%-5d tgid:%-5d ppid:%-6d ", comm, 0, pid, pid,
                comm.startsWith("kworker/") ? 2 : 1));
        String version = m.kernelVersion();
        if (PrintkFormats.compare(version, TASK_FLAGS_SINCE) >= 0) sb.append(String.format("task_flags:0x%04x ", taskFlags(comm)));
        int tifNeedFpuLoad = PrintkFormats.compare(version, GENERIC_TIF_BITS_SINCE) >= 0 ? 19 : 14;
        sb.append(String.format("flags:0x%08x%n", 1 << tifNeedFpuLoad));
        sb.append("Call Trace:\n <TASK>\n");
        for (String f : stack) sb.append(' ').append(f).append(Diagnostics.OFF).append('\n');
        sb.append(" </TASK>");
        return sb.toString();
    }
}
