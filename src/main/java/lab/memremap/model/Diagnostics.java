package lab.memremap.model;

/** Formats and records WARN and BUG splats in the kernel's text (kernel-history.md §2.12). */
final class Diagnostics {
    private Diagnostics() {}

    static void warn(Machine m, String macro, String message, boolean once) {
        WarnSite site = WarnSite.find(macro);
        if (once && !m.log.once(site.onceKey)) return;
        StringBuilder sb = new StringBuilder("------------[ cut here ]------------\n");
        if (message != null) sb.append(message).append('\n');
        sb.append(String.format("WARNING: CPU: %d PID: %d at %s %s%n", m.cpu, m.pid(m.cpu), site.location(), site.function));
        appendTrace(m, sb, site, "");
        sb.append("---[ end trace 0000000000000000 ]---");
        m.logEntry(KernelLog.Kind.WARN, site.function, sb.toString());
    }

    static void warnDump(Machine m, String macro, StructPage page, String[] cText, boolean once) {
        WarnSite site = WarnSite.find(macro);
        if (once && !m.log.once(site.onceKey)) return;
        String reason = macro + "(" + (cText.length > 0 ? cText[0] : "...") + ")";
        StringBuilder sb = new StringBuilder(PageDump.dumpPage(m, page.index(), reason)).append('\n');
        sb.append("------------[ cut here ]------------\n");
        sb.append(String.format("WARNING: CPU: %d PID: %d at %s %s%n", m.cpu, m.pid(m.cpu), site.location(), site.function));
        appendTrace(m, sb, site, "");
        sb.append("---[ end trace 0000000000000000 ]---");
        m.logEntry(KernelLog.Kind.WARN, site.function, sb.toString());
    }

    static void bug(Machine m, String macro, String dump) {
        WarnSite site = WarnSite.find(macro);
        StringBuilder sb = new StringBuilder();
        if (dump != null) sb.append(dump).append('\n');
        sb.append("------------[ cut here ]------------\n");
        sb.append("kernel BUG at ").append(site.location()).append("!\n");
        sb.append("Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n");
        appendTrace(m, sb, site, "RIP: 0010:" + site.function + "\n");
        sb.append("---[ end trace 0000000000000000 ]---");
        m.logEntry(KernelLog.Kind.BUG, site.function, sb.toString());
        throw new Oops("kernel BUG at " + site.location() + " in " + site.function + " (" + macro + ")");
    }

    private static void appendTrace(Machine m, StringBuilder sb, WarnSite site, String rip) {
        sb.append(String.format("CPU: %d UID: 0 PID: %d Comm: %s Not tainted 6.19.0-memremap-lab #1%n", m.cpu,
                m.pid(m.cpu), m.comm(m.cpu)));
        sb.append(rip);
        sb.append("Call Trace:\n <TASK>\n");
        for (String f : site.callTrace) sb.append(' ').append(f).append('\n');
        sb.append(" </TASK>\n");
    }
}
