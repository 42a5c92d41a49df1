package lab.memremap.model;

/**
 * Every kernel function of the model, under its kernel name: implement this (or extend
 * {@link Design}) and call them unqualified, so the code reads like the C it models.
 */
public interface KernelApi extends Constants, Bug, Mmdebug, PageFlags, PageRef, Mm, PageAlloc, Pagemap,
        PercpuRefcount, Memremap, Rmap, HugeMemory, Memory,
        Memcontrol, MigrateDevice, Pointers {
}
