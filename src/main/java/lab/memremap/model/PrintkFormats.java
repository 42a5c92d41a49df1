package lab.memremap.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The catalogue of printk formats the model's kernel log may use, each cited to the line that prints
 * it in 6.12.117 and 7.2.13 (0 where that kernel does not have the format), and the kernel versions it
 * belongs to. A test checks that every line of every kernel log the model writes matches a format of
 * its machine's kernel version, and that each cited line holds the format where the source is on the
 * machine. Offsets print as "+0x?/0x?" and unknown check lines as ":?"; the patterns accept those.
 */
public final class PrintkFormats {
    private PrintkFormats() {}

    /**
     * One format: the file, its line in 6.12.117 and in 7.2.13, a fragment of the format string that
     * the cited line holds, the kernel range (from inclusive, until exclusive; null for open) and the
     * pattern a printed line must match.
     */
    public record Format(String name, String file, int line612, int line72, String fragment, String from, String until,
                         Pattern pattern) {
        /** True when a kernel of {@code version} ("6.17", "7.0") has this format. */
        public boolean appliesTo(String version) {
            return (from == null || compare(version, from) >= 0) && (until == null || compare(version, until) < 0);
        }
    }

    private static final String SYM = "[A-Za-z_][A-Za-z0-9_.]*\\+0x\\?/0x\\?";
    private static final String LOC = "[a-z0-9_/.-]+\\.[ch]:(\\d+|\\?)";
    private static final String HEX16 = "[0-9a-f]{16}";

    private static Format f(String name, String file, int l612, int l72, String fragment, String from, String until, String regex) {
        return new Format(name, file, l612, l72, fragment, from, until, Pattern.compile(regex));
    }

    public static final List<Format> ALL = List.of(
            f("CUT_HERE", "include/asm-generic/bug.h", 9, 9, "------------[ cut here ]------------", null, null,
                    "------------\\[ cut here \\]------------"),
            f("__warn (before 28ea295f941e)", "kernel/panic.c", 781, 0, "WARNING: CPU: %d PID: %d at %s:%d %pS", null, "6.19",
                    "WARNING: CPU: \\d+ PID: \\d+ at " + LOC + " " + SYM),
            f("__warn (28ea295f941e, 6.19-rc1)", "kernel/panic.c", 0, 1082, "WARNING: %s:%d at %pS, CPU#%d: %s/%d", "6.19", null,
                    "WARNING: " + LOC + " at " + SYM + ", CPU#\\d+: .+/\\d+"),
            f("print_oops_end_marker", "kernel/panic.c", 753, 1054, "---[ end trace %016llx ]---", null, null,
                    "---\\[ end trace 0000000000000000 \\]---"),
            f("dump_stack_print_info", "lib/dump_stack.c", 58, 58, "CPU: %d UID: %u PID: %d Comm: %.20s", null, null,
                    "CPU: \\d+ UID: \\d+ PID: \\d+ Comm: \\S{1,20} (Not tainted|Tainted: [A-Z ]+) \\S+ #\\d+.*"),
            f("print_tainted_verbose", "lib/dump_stack.c", 71, 71, "print_tainted_verbose()", null, null,
                    "Tainted: \\[[A-Z]\\]=[A-Z_]+(, \\[[A-Z]\\]=[A-Z_]+)*"),
            f("show_ip", "arch/x86/kernel/dumpstack.c", 142, 140, "%sRIP: %04x:%pS", null, null, "RIP: 0010:" + SYM),
            f("show_trace_log_lvl", "arch/x86/kernel/dumpstack.c", 195, 193, "%sCall Trace:", null, null, "Call Trace:"),
            f("stack begin", "arch/x86/kernel/dumpstack.c", 236, 234, "%s <%s>", null, null, " <(TASK|IRQ)>"),
            f("stack end", "arch/x86/kernel/dumpstack.c", 304, 302, "%s </%s>", null, null, " </(TASK|IRQ)>"),
            f("printk_stack_address", "arch/x86/kernel/dumpstack.c", 72, 70, "%s %s%pBb", null, null, " (\\? )?" + SYM),
            f("report_bug", "lib/bug.c", 205, 260, "kernel BUG at %s:%u!", null, null, "kernel BUG at " + LOC + "!"),
            f("__die_header", "arch/x86/kernel/dumpstack.c", 426, 419, "Oops: %s: %04lx [#%d]", null, null,
                    "Oops: [A-Za-z ]+: [0-9a-f]{4} \\[#\\d+\\]( PREEMPT)? SMP NOPTI"),
            f("show_fault_oops NULL", "arch/x86/mm/fault.c", 538, 542, "BUG: kernel NULL pointer dereference, address: %px",
                    null, null, "BUG: kernel NULL pointer dereference, address: " + HEX16),
            f("show_fault_oops", "arch/x86/mm/fault.c", 541, 545, "BUG: unable to handle page fault for address: %px",
                    null, null, "BUG: unable to handle page fault for address: " + HEX16),
            f("#PF access", "arch/x86/mm/fault.c", 544, 548, "#PF: %s %s in %s mode", null, null,
                    "#PF: (supervisor|user) (read access|write access|instruction fetch) in (kernel|user) mode"),
            f("#PF error_code", "arch/x86/mm/fault.c", 550, 554, "#PF: error_code(0x%04lx) - %s", null, null,
                    "#PF: error_code\\(0x[0-9a-f]{4}\\) - .+"),
            f("percpu_ref_switch_to_atomic_rcu", "lib/percpu-refcount.c", 198, 198,
                    "percpu ref (%ps) <= 0 (%ld) after switching to atomic", null, null,
                    "percpu ref \\(\\S+\\) <= 0 \\(-?\\d+\\) after switching to atomic"),
            f("percpu_ref_kill_and_confirm", "lib/percpu-refcount.c", 391, 391, "%s called more than once on %ps!", null, null,
                    "percpu_ref_kill_and_confirm called more than once on \\S+!"),
            // 7.1 added " in I/O wait" (HungTaskReport); a task of the model is never in I/O wait, so both read alike.
            f("check_hung_task", "kernel/hung_task.c", 134, 0, "INFO: task %s:%d blocked for more than %ld seconds.", null,
                    HungTaskReport.IO_WAIT_SINCE, "INFO: task \\S+:\\d+ blocked for more than \\d+ seconds\\."),
            f("hung_task_info", "kernel/hung_task.c", 0, 254, "INFO: task %s:%d blocked%s for more than %ld seconds.",
                    HungTaskReport.IO_WAIT_SINCE, null, "INFO: task \\S+:\\d+ blocked( in I/O wait)? for more than \\d+ seconds\\."),
            f("check_hung_task taint", "kernel/hung_task.c", 136, 257, "      %s %s %.*s", null, null,
                    "      (Not tainted|Tainted: [A-Z ]+) \\S+ #\\d+"),
            f("check_hung_task hint", "kernel/hung_task.c", 142, 265, " disables this message.", null, null,
                    "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message\\."),
            f("sched_show_task", "kernel/sched/core.c", 7673, 0, " stack:%-5lu pid:%-5d tgid:%-5d ppid:%-6d flags:0x%08lx", null,
                    HungTaskReport.TASK_FLAGS_SINCE,
                    "task:.{15} state:[A-Z] stack:\\d+ +pid:\\d+ +tgid:\\d+ +ppid:\\d+ +flags:0x[0-9a-f]{8}"),
            f("sched_show_task task_flags", "kernel/sched/core.c", 0, 8239,
                    " stack:%-5lu pid:%-5d tgid:%-5d ppid:%-6d task_flags:0x%04x flags:0x%08lx", HungTaskReport.TASK_FLAGS_SINCE, null,
                    "task:.{15} state:[A-Z] stack:\\d+ +pid:\\d+ +tgid:\\d+ +ppid:\\d+ +task_flags:0x[0-9a-f]{4,} flags:0x[0-9a-f]{8}"),
            f("__dump_folio page", "mm/debug.c", 78, 80, "page: refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx", null, null,
                    "page: refcount:-?\\d+ mapcount:-?\\d+ mapping:" + HEX16 + " index:0x?[0-9a-f]+ pfn:0x[0-9a-f]+"),
            f("__dump_folio head", "mm/debug.c", 82, 89, "head: order:%u mapcount:%d entire_mapcount:%d", null, null,
                    "head: order:\\d+ mapcount:-?\\d+ entire_mapcount:-?\\d+ nr_pages_mapped:-?\\d+ pincount:-?\\d+"),
            f("__dump_folio memcg", "mm/debug.c", 92, 99, "memcg:%lx", null, null, "memcg:[0-9a-f]+"),
            f("__dump_folio flags", "mm/debug.c", 108, 115, "%sflags: %pGp%s", null, null,
                    "(anon |ksm )?flags: 0x[0-9a-f]+\\(([a-z_0-9]+\\|)*node=\\d+\\|zone=\\d+\\|lastcpupid=0x[0-9a-f]+\\)"),
            f("__dump_folio raw", "mm/debug.c", 114, 121, "print_hex_dump(KERN_WARNING, \"raw: \"", null, null,
                    "raw: " + HEX16 + " " + HEX16 + " " + HEX16 + " " + HEX16),
            f("__dump_folio head words", "mm/debug.c", 118, 125, "print_hex_dump(KERN_WARNING, \"head: \"", null, null,
                    "head: " + HEX16 + " " + HEX16 + " " + HEX16 + " " + HEX16),
            f("dump_page reason", "mm/debug.c", 172, 148, "page dumped because: %s", null, null, "page dumped because: .+"),
            f("memremap_pages nr_range", "mm/memremap.c", 302, 276, "nr_range must be specified", null, null,
                    "nr_range must be specified"),
            f("memremap_pages migrate_to_ram", "mm/memremap.c", 312, 289, "Missing migrate_to_ram method", null, null,
                    "Missing migrate_to_ram method"),
            f("memremap_pages page_free", "mm/memremap.c", 316, 0, "Missing page_free method", null, "6.19",
                    "Missing page_free method"),
            f("memremap_pages folio_free", "mm/memremap.c", 0, 293, "Missing folio_free method", "6.19", null,
                    "Missing folio_free method"),
            f("memremap_pages owner", "mm/memremap.c", 320, 297, "Missing owner", null, null, "Missing owner"),
            f("memremap_pages type", "mm/memremap.c", 347, 320, "Invalid pgmap type %d", null, null, "Invalid pgmap type -?\\d+"),
            f("memremap_pages vmemmap_shift", "mm/memremap.c", 0, 279, "requested folio size unsupported", "6.18", null,
                    "requested folio size unsupported"),
            f("pagemap_range conflict", "mm/memremap.c", 184, 158, "Conflicting mapping in same section", null, null,
                    "Conflicting mapping in same section"));

    /** The format a printed line matches for a kernel of {@code version}, or null. */
    public static Format match(String line, String version) {
        for (Format fm : ALL)
            if (fm.appliesTo(version) && fm.pattern.matcher(line).matches()) return fm;
        return null;
    }

    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < 2; i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }
}
