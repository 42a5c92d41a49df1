package lab.memremap.model;

/**
 * Formats and records WARN, BUG and oops reports in the text of the kernel the running design belongs
 * to ({@link Design#baseKernel()}). Every line is one of the printk formats in {@link PrintkFormats}.
 * Offsets within functions depend on the build, so they print as "+0x?/0x?"; a check whose line the
 * model does not know prints ":?" and a note says so.
 */
final class Diagnostics {
    private Diagnostics() {}

    /** The symbolic offset/length of %pS: never a made-up number. */
    static final String OFF = "+0x?/0x?";

    static void warn(Machine m, String macro, String message, boolean once, String... cText) {
        WarnSite site = WarnSite.find(m, macro, cText);
        if (once && !m.log.once(site.onceKey)) return;
        StringBuilder sb = new StringBuilder("------------[ cut here ]------------\n");
        if (message != null) sb.append(message).append('\n');
        appendWarning(m, sb, site);
        m.logEntry(KernelLog.Kind.WARN, site.function, sb.toString());
        unknownLine(m, site, macro, cText);
        m.taintWarn();
    }

    static void warnDump(Machine m, String macro, StructPage page, String[] cText, boolean once) {
        WarnSite site = WarnSite.find(m, macro, cText);
        if (once && !m.log.once(site.onceKey)) return;
        String reason = macro + "(" + (cText.length > 0 ? cText[0] : "...") + ")";
        StringBuilder sb = new StringBuilder(PageDump.dumpPage(m, page.index(), reason)).append('\n');
        sb.append("------------[ cut here ]------------\n");
        appendWarning(m, sb, site);
        m.logEntry(KernelLog.Kind.WARN, site.function, sb.toString());
        unknownLine(m, site, macro, cText);
        m.taintWarn();
    }

    static void bug(Machine m, String macro, String dump, String... cText) {
        WarnSite site = WarnSite.find(m, macro, cText);
        StringBuilder sb = new StringBuilder();
        if (dump != null) sb.append(dump).append('\n');
        sb.append("------------[ cut here ]------------\n");
        sb.append("kernel BUG at ").append(site.location()).append("!\n");
        sb.append(oopsHeader(m, "invalid opcode", 0)).append('\n');
        appendRegsAndTrace(m, sb, site.function, site.callTrace);
        m.logEntry(KernelLog.Kind.BUG, site.function, sb.toString());
        unknownLine(m, site, macro, cText);
        m.taintDie();
        throw new Oops("kernel BUG at " + site.location() + " in " + site.function + " (" + macro + ")");
    }

    /**
     * __die_header() (arch/x86/kernel/dumpstack.c): "Oops: &lt;str&gt;: &lt;err&gt; [#n]" and the build
     * flags. 6.12 prints " PREEMPT" first; 7.2 no longer does (where between it changed is not known to
     * the model, so kernels before 6.19 print it and later ones do not).
     */
    static String oopsHeader(Machine m, String str, int err) {
        return String.format("Oops: %s: %04x [#%d]%s SMP NOPTI", str, err, m.nextDie(), m.kernelAtLeast(6, 19) ? "" : " PREEMPT");
    }

    /** A page fault in kernel mode (arch/x86/mm/fault.c show_fault_oops()), then the oops. */
    static Oops pageFault(Machine m, long address, boolean nullDeref, String access, int errorCode, String errorText,
                          String function, java.util.List<String> trace) {
        StringBuilder sb = new StringBuilder();
        sb.append(nullDeref ? String.format("BUG: kernel NULL pointer dereference, address: %016x%n", address)
                : String.format("BUG: unable to handle page fault for address: %016x%n", address));
        sb.append(String.format("#PF: supervisor %s in kernel mode%n", access));
        sb.append(String.format("#PF: error_code(0x%04x) - %s%n", errorCode, errorText));
        // page_fault_oops() calls __die("Oops", ...): the header reads "Oops: Oops: 0000 [#1] ...".
        sb.append(oopsHeader(m, "Oops", errorCode)).append('\n');
        appendRegsAndTrace(m, sb, function, trace);
        m.logEntry(KernelLog.Kind.BUG, function, sb.toString());
        m.taintDie();
        return new Oops((nullDeref ? "NULL pointer dereference" : "page fault") + " in " + function);
    }

    /** __warn(): the WARNING line in the format of the kernel's version, then show_regs() and the trace. */
    private static void appendWarning(Machine m, StringBuilder sb, WarnSite site) {
        if (m.kernelAtLeast(6, 19))
            sb.append(String.format("WARNING: %s at %s%s, CPU#%d: %s/%d%n", site.location(), site.function, OFF, m.cpu,
                    m.comm(m.cpu), m.pid(m.cpu)));
        else
            sb.append(String.format("WARNING: CPU: %d PID: %d at %s %s%s%n", m.cpu, m.pid(m.cpu), site.location(),
                    site.function, OFF));
        appendRegsAndTrace(m, sb, site.function, site.callTrace);
    }

    /** show_regs(): the CPU line (tainted or not), RIP, the call trace, and the end marker. */
    static void appendRegsAndTrace(Machine m, StringBuilder sb, String function, java.util.List<String> trace) {
        sb.append(m.cpuInfo(m.cpu)).append('\n');
        sb.append("RIP: 0010:").append(function).append(OFF).append('\n');
        sb.append("Call Trace:\n <TASK>\n");
        // The trace lists the callers: the function that faulted or warned is the RIP line, not repeated.
        for (int i = 0; i < trace.size(); i++)
            if (i > 0 || !trace.get(i).equals(function)) sb.append(' ').append(trace.get(i)).append(OFF).append('\n');
        sb.append(" </TASK>\n");
        sb.append("---[ end trace 0000000000000000 ]---");
    }

    /**
     * percpu_ref_switch_to_atomic_rcu()'s WARN_ONCE, from the RCU callback (softirq): "percpu ref
     * (&lt;release&gt;) &lt;= 0 (&lt;count&gt;) after switching to atomic" at lib/percpu-refcount.c:197 in
     * 6.12.117 and 7.2.13; the trace is the RCU callback's, in IRQ context.
     */
    static void percpuUnderflow(Machine m, String release, long folded) {
        String function = "percpu_ref_switch_to_atomic_rcu";
        int line = "6.12".equals(m.kernelVersion()) || "7.2".equals(m.kernelVersion()) ? 197 : 0;
        String location = "lib/percpu-refcount.c:" + (line > 0 ? String.valueOf(line) : "?");
        StringBuilder sb = new StringBuilder("------------[ cut here ]------------\n");
        sb.append(String.format("percpu ref (%s) <= 0 (%d) after switching to atomic%n", release, folded));
        if (m.kernelAtLeast(6, 19))
            sb.append(String.format("WARNING: %s at %s%s, CPU#%d: %s/%d%n", location, function, OFF, m.cpu, m.comm(m.cpu), m.pid(m.cpu)));
        else
            sb.append(String.format("WARNING: CPU: %d PID: %d at %s %s%s%n", m.cpu, m.pid(m.cpu), location, function, OFF));
        sb.append(m.cpuInfo(m.cpu)).append('\n');
        sb.append("RIP: 0010:").append(function).append(OFF).append('\n');
        sb.append("Call Trace:\n <IRQ>\n rcu_core").append(OFF).append("\n handle_softirqs").append(OFF).append("\n </IRQ>\n");
        sb.append("---[ end trace 0000000000000000 ]---");
        m.logEntry(KernelLog.Kind.PERCPU_UNDERFLOW, function, sb.toString());
        if (line == 0)
            m.note(ModelNotes.Kind.SOURCE, function, "the line of this WARN_ONCE for " + m.kernelVersion()
                    + " is not known to the model (lib/percpu-refcount.c:197 in 6.12.117 and in 7.2.13)");
        m.taintWarn();
    }

    /** The model does not know the line: the log prints ":?" and the notes say which check it is. */
    private static void unknownLine(Machine m, WarnSite site, String macro, String[] cText) {
        if (site.line > 0) return;
        String cond = cText != null && cText.length > 0 ? "(" + cText[0] + ")" : "";
        m.note(ModelNotes.Kind.SOURCE, site.function, String.format("the line of %s%s in %s() in %s for %s is not known to"
                + " the model, so the log prints %s%s", macro, cond, site.function, site.file, m.kernelVersion(),
                site.location(), WarnSite.knownElsewhere(WarnSite.sourceOf(site.declaring, site.function), macro)));
    }
}
