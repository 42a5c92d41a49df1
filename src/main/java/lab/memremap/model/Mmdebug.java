package lab.memremap.model;

/**
 * include/linux/mmdebug.h: the VM_* checks, which exist only with CONFIG_DEBUG_VM (with it off they
 * vanish: the condition is not acted on, and VM_BUG_ON continues silently). The _FOLIO and _PAGE
 * variants dump the page first. The optional last argument is the condition's C text, which the
 * kernel prints as "page dumped because: VM_WARN_ON_FOLIO(&lt;text&gt;)".
 */
@Source(file = "include/linux/mmdebug.h", ref = "v6.19")
public interface Mmdebug extends KernelContext {

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default boolean VM_WARN_ON(boolean condition, String... cText) {
        if (!machine().config.debugVm) return false;
        if (condition) Diagnostics.warn(machine(), "VM_WARN_ON", null, false, cText);
        return condition;
    }

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default boolean VM_WARN_ON_ONCE(boolean condition, String... cText) {
        if (!machine().config.debugVm) return false;
        if (condition) Diagnostics.warn(machine(), "VM_WARN_ON_ONCE", null, true, cText);
        return condition;
    }

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default boolean VM_WARN_ON_FOLIO(boolean condition, Folio folio, String... cText) {
        if (!machine().config.debugVm) return false;
        if (condition) Diagnostics.warnDump(machine(), "VM_WARN_ON_FOLIO", folio, cText, false);
        return condition;
    }

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default boolean VM_WARN_ON_ONCE_FOLIO(boolean condition, Folio folio, String... cText) {
        if (!machine().config.debugVm) return false;
        if (condition) Diagnostics.warnDump(machine(), "VM_WARN_ON_ONCE_FOLIO", folio, cText, true);
        return condition;
    }

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default boolean VM_WARN_ON_ONCE_PAGE(boolean condition, Page page, String... cText) {
        if (!machine().config.debugVm) return false;
        if (condition) Diagnostics.warnDump(machine(), "VM_WARN_ON_ONCE_PAGE", page, cText, true);
        return condition;
    }

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default void VM_BUG_ON(boolean condition, String... cText) {
        if (machine().config.debugVm && condition) Diagnostics.bug(machine(), "VM_BUG_ON", null, cText);
    }

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default void VM_BUG_ON_FOLIO(boolean condition, Folio folio, String... cText) {
        if (machine().config.debugVm && condition) Diagnostics.bug(machine(), "VM_BUG_ON_FOLIO",
                PageDump.dumpPage(machine(), folio.index(), "VM_BUG_ON_FOLIO(" + text(cText) + ")"), cText);
    }

    @Source(file = "include/linux/mmdebug.h", ref = "v6.19")
    default void VM_BUG_ON_PAGE(boolean condition, Page page, String... cText) {
        if (machine().config.debugVm && condition) Diagnostics.bug(machine(), "VM_BUG_ON_PAGE",
                PageDump.dumpPage(machine(), page.index(), "VM_BUG_ON_PAGE(" + text(cText) + ")"), cText);
    }

    /**
     * VM_BUG_ON_PGFLAGS(cond, page): VM_BUG_ON_PAGE with CONFIG_DEBUG_VM_PGFLAGS, nothing without it
     * (include/linux/mmdebug.h). The page-flag accessors of PageFlags call it where the kernel does.
     */
    @Source(file = "include/linux/mmdebug.h", ref = "7.2.13", note = "VM_BUG_ON_PGFLAGS, line 158")
    default void VM_BUG_ON_PGFLAGS(boolean condition, Page page, String... cText) {
        if (machine().config.pgflagsChecks() && condition) VM_BUG_ON_PAGE(true, page, cText);
    }

    /** dump_page(page, reason) (mm/debug.c): the page's words, as the kernel prints them. */
    @Source(file = "mm/debug.c", ref = "v6.19")
    default void dump_page(Page page, String reason) {
        machine().logEntry(KernelLog.Kind.INFO, "dump_page", PageDump.dumpPage(machine(), page.index(), reason));
    }

    private static String text(String[] cText) {
        return cText.length > 0 ? cText[0] : "...";
    }
}
