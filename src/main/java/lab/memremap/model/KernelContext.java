package lab.memremap.model;

/**
 * The root of the kernel-function interfaces: each subsystem (one file per kernel source file) is an
 * interface whose default methods are the kernel functions under their kernel names. A design, a
 * driver or a notebook cell that implements {@link KernelApi} calls them unqualified, so its code
 * reads like the C it models.
 */
public interface KernelContext {
    /** The model instance the kernel functions act on. */
    Machine machine();
}
