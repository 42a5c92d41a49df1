package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D0_Baseline;
import lab.memremap.design.D4_V6;
import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Test;

/**
 * The hung-task report in the format of the running design's kernel (issue 10): sched_show_task() of
 * 6.12.117 (kernel/sched/core.c:7673) has no task_flags and x86's TIF_NEED_FPU_LOAD is bit 14; 7.2.13's
 * (core.c:8239) prints task_flags, and TIF_NEED_FPU_LOAD is bit 19. The old output, which this rejects for
 * a 7.2 kernel: "task:rmmod           state:D stack:0     pid:1000  tgid:1000  ppid:1      flags:0x00004000".
 */
class HungTaskReportTest {

    /** A design whose code is D9's (or D0-pre6.15's) but whose kernel is {@code version}, as a reader may define one. */
    private static Design on(Design base, String version) {
        if (base instanceof D0_Baseline)
            return new D0_Baseline(PgmapPlacement.PER_PAGE) {
                @Override public String baseKernel() {
                    return version;
                }
            };
        return new D9_Mainline() {
            @Override public String baseKernel() {
                return version;
            }
        };
    }

    /** The task line of the report of a page lock nobody will release, on {@code design}'s kernel. */
    private static String taskLine(Design design, String comm) {
        Config c = design instanceof D0_Baseline ? Config.defaults().withPlacement(PgmapPlacement.PER_PAGE) : Config.defaults();
        Rig r = new Rig(c, design, MemoryType.MEMORY_DEVICE_PRIVATE, 64, true);
        r.m.setComm(0, comm);
        r.page(7).set_bit(PageFlagBits.PG_locked);
        assertThrows(ScenarioStopped.class, () -> r.m.lock_page(r.page(7)));
        String report = r.m.log().of(KernelLog.Kind.HUNG).get(0).text();
        for (String line : report.split("\n"))
            assertNotNull(PrintkFormats.match(line, r.m.kernelVersion()), r.m.kernelVersion() + ": " + line);
        return report.lines().filter(l -> l.startsWith("task:")).findFirst().orElseThrow(() -> new AssertionError(report));
    }

    @Test
    void a612KernelPrintsNoTaskFlagsAndTheFpuBitAt14() {
        assertEquals("task:rmmod           state:D stack:0     pid:1000  tgid:1000  ppid:1      flags:0x00004000",
                taskLine(on(new D0_Baseline(PgmapPlacement.PER_PAGE), "6.12"), "rmmod"));
    }

    @Test
    void a72KernelPrintsTaskFlagsAndTheFpuBitAt19() {
        // PF_RANDOMIZE | PF_SUPERPRIV for a root process after exec (include/linux/sched.h:1807, :1792 of 7.2.13).
        assertEquals("task:rmmod           state:D stack:0     pid:1000  tgid:1000  ppid:1      task_flags:0x400100 flags:0x00080000",
                taskLine(on(new D9_Mainline(), "7.2"), "rmmod"));
    }

    @Test
    void aBoundKworkerIsAKernelThreadChildOfKthreadd() {
        // PF_NO_SETAFFINITY | PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC | PF_WQ_WORKER; ppid 2 (kthreadd).
        assertEquals("task:kworker/0:1     state:D stack:0     pid:1000  tgid:1000  ppid:2      task_flags:0x4208060 flags:0x00080000",
                taskLine(new D9_Mainline(), "kworker/0:1"));
    }

    /** Each difference switches at its own version: task_flags at 6.14, the generic TIF bits at 6.18. */
    @Test
    void theCatalogueDesignsPrintTheFormatOfTheirBaseKernel() {
        String d4 = taskLine(new D4_V6(), "hmm-tests");   // 6.17: task_flags, old TIF bits
        assertTrue(d4.endsWith(" task_flags:0x400100 flags:0x00004000"), d4);
        String d0 = taskLine(new D0_Baseline(), "hmm-tests");   // 6.18: task_flags, generic TIF bits
        assertTrue(d0.endsWith(" task_flags:0x400100 flags:0x00080000"), d0);
        String pre615 = taskLine(new D0_Baseline(PgmapPlacement.PER_PAGE), "hmm-tests");   // 6.14
        assertTrue(pre615.contains(" task_flags:"), pre615);
        assertNull(PrintkFormats.match(d4, "6.12"), "a 6.12 kernel has no task_flags");
        assertNull(PrintkFormats.match(d4.replace(" task_flags:0x400100", ""), "7.2"), "a 7.2 kernel always prints task_flags");
    }

    @Test
    void aLongCommIsCutTo15Characters() {
        assertTrue(taskLine(new D9_Mainline(), "a-very-long-command-name").startsWith("task:a-very-long-com state:D"));
    }
}
