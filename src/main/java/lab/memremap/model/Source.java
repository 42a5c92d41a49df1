package lab.memremap.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where a modelled kernel behaviour comes from, as data: the kernel file, the commit or Message-ID
 * that defines it, and (only where a source gives one) the line of its WARN. Every kernel-named
 * function of the model carries one; a test checks it, and the notebook kernel shows it on inspection.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface Source {
    /** Kernel file, e.g. {@code mm/memremap.c}. */
    String file();

    /** Commit id or Message-ID (lore.kernel.org/r/&lt;id&gt;) that the behaviour is taken from. */
    String ref();

    /**
     * The line a link to {@link #file()} points at, or 0. It is never stamped on the function's checks:
     * a WARN or BUG prints a line only from a matching {@link #warnLines()} entry.
     */
    int line() default 0;

    /**
     * Lines of particular checks inside the function, where a source gives them, as
     * {@code "MACRO=LINE"} (e.g. {@code "VM_WARN_ON_ONCE=431"} for the 6.19-rc FS-DAX splat
     * "WARNING: mm/memremap.c:431 at free_zone_device_folio"). Use only for a macro that occurs once.
     */
    String[] warnLines() default {};

    /** A few words on what is modelled and what was inferred. */
    String note() default "";
}
