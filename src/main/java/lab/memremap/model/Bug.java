package lab.memremap.model;

/**
 * include/asm-generic/bug.h: WARN_ON, WARN_ON_ONCE, WARN_ONCE, BUG_ON. A WARN prints its splat and
 * the kernel continues; ONCE means once per call site per model instance. A BUG oopses and ends the
 * scenario.
 */
@Source(file = "include/asm-generic/bug.h", ref = "v6.19")
public interface Bug extends KernelContext {

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN_ON(boolean condition) {
        if (condition) Diagnostics.warn(machine(), "WARN_ON", null, false);
        return condition;
    }

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN_ON_ONCE(boolean condition) {
        if (condition) Diagnostics.warn(machine(), "WARN_ON_ONCE", null, true);
        return condition;
    }

    /** WARN(cond, fmt, ...): prints the formatted message above the splat, every time. */
    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN(boolean condition, String format, Object... args) {
        if (condition) Diagnostics.warn(machine(), "WARN", String.format(format, args), false);
        return condition;
    }

    /** WARN_ONCE(cond, fmt, ...): prints the formatted message above the splat. */
    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default boolean WARN_ONCE(boolean condition, String format, Object... args) {
        if (condition) Diagnostics.warn(machine(), "WARN_ONCE", String.format(format, args), true);
        return condition;
    }

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default void BUG_ON(boolean condition) {
        if (condition) Diagnostics.bug(machine(), "BUG_ON", null);
    }

    @Source(file = "include/asm-generic/bug.h", ref = "v6.19")
    default void BUG() {
        Diagnostics.bug(machine(), "BUG", null);
    }
}
