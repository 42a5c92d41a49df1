package lab.memremap.model;

/**
 * Dereferences the modelled kernel makes, made explicit. In C, {@code pgmap->ops->page_free(page)}
 * with a NULL ops is an oops; in the model, kernel code that dereferences a pointer that may be NULL
 * writes {@code deref(pgmap.ops, "pgmap->ops").page_free(page)}, and a NULL there is the kernel's
 * oops. Any other Java NullPointerException is a bug in the Java code (a reader's design), reported
 * as a Java exception with its trace, never as a kernel oops.
 */
@Source(file = "arch/x86/mm/fault.c", ref = "v6.12", note = "the oops: show_fault_oops(), page_fault_oops()")
public interface Pointers extends KernelContext {

    /** {@code pointer->...}: a read through {@code pointer}; NULL oopses ("BUG: kernel NULL pointer dereference"). */
    default <T> T deref(T pointer, String expression) {
        if (pointer == null) throw machine().nullPointerDereference(callerFunction(), expression, false);
        return pointer;
    }

    /** The kernel-named function that made the dereference (the first such frame above this one). */
    private static String callerFunction() {
        return StackWalker.getInstance().walk(s -> s.map(StackWalker.StackFrame::getMethodName)
                .filter(n -> WarnSite.looksKernelNamed(n) && !n.equals("deref")).findFirst().orElse("?"));
    }
}
