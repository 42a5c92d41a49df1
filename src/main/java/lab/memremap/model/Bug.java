package lab.memremap.model;

/**
 * include/asm-generic/bug.h: WARN_ON, WARN_ON_ONCE, WARN_ONCE, BUG_ON. The optional {@code cText} is
 * the C condition's text (and, second, a label for two checks with the same text): it picks the
 * check's line from the function's {@link Source#warnLines()}; the kernel does not print it. A WARN prints its splat and
 * the kernel continues; ONCE means once per call site per model instance. A BUG oopses and ends the
 * scenario.
 */
@Source(file = "include/asm-generic/bug.h", ref = "v6.19")
public interface Bug extends KernelContext {

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN_ON(boolean condition, String... cText) {
        if (condition) Diagnostics.warn(machine(), "WARN_ON", null, false, cText);
        return condition;
    }

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN_ON_ONCE(boolean condition, String... cText) {
        if (condition) Diagnostics.warn(machine(), "WARN_ON_ONCE", null, true, cText);
        return condition;
    }

    /** WARN(cond, fmt, ...): prints the formatted message above the splat, every time. */
    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN(boolean condition, String format, Object... args) {
        if (condition) {
            String message = String.format(format, args);
            Diagnostics.warn(machine(), "WARN", message, false, message);
        }
        return condition;
    }

    /** WARN_ONCE(cond, fmt, ...): prints the formatted message above the splat. */
    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN_ONCE(boolean condition, String format, Object... args) {
        if (condition) {
            String message = String.format(format, args);
            Diagnostics.warn(machine(), "WARN_ONCE", message, true, message);
        }
        return condition;
    }

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default void BUG_ON(boolean condition, String... cText) {
        if (condition) Diagnostics.bug(machine(), "BUG_ON", null, cText);
    }

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default void BUG() {
        Diagnostics.bug(machine(), "BUG", null);
    }
}
