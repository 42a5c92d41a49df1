package lab.memremap.model;

import java.util.List;

/**
 * lib/percpu-refcount.c and include/linux/percpu-refcount.h. Live vs dying: tryget_live refuses new
 * references once the ref is DEAD; tryget_many does not look at DEAD and succeeds whenever the count
 * is non-zero (the series switched zone-device init to it, kernel-history.md §2.5). Zero is noticed
 * only in atomic mode; kill switches to atomic mode after an RCU grace period (Config.atomicSwitchSteps).
 */
@Source(file = "lib/percpu-refcount.c", ref = "v6.19")
public interface PercpuRefcount extends KernelContext {

    @Source(file = "lib/percpu-refcount.c", ref = "v6.19")
    default int percpu_ref_init(PercpuRef ref, Runnable release, String releaseName) {
        machine().step("percpu_ref_init");
        ref.count = 1;
        ref.mode = PercpuRef.Mode.PERCPU;
        ref.dead = false;
        ref.exited = false;
        ref.initialised = true;
        ref.release = release;
        ref.releaseName = releaseName;
        ref.switchCountdown = -1;
        machine().trace.pgmapRef("percpu_ref_init", ref, 1, 1);
        return 0;
    }

    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default void percpu_ref_get_many(PercpuRef ref, long nr) {
        Machine m = machine();
        m.step("percpu_ref_get_many");
        PercpuRefcount.checkNr("percpu_ref_get_many", nr);
        if (PercpuRefcount.unusable(m, ref, "percpu_ref_get_many")) return;
        ref.count += nr;
        m.trace.pgmapRef("percpu_ref_get_many", ref, nr, ref.count);
    }

    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default void percpu_ref_get(PercpuRef ref) {
        percpu_ref_get_many(ref, 1);
    }

    /** percpu mode: always succeeds; atomic mode: atomic_long_add_unless(count, nr, 0). DEAD is not consulted. */
    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default boolean percpu_ref_tryget_many(PercpuRef ref, long nr) {
        Machine m = machine();
        m.step("percpu_ref_tryget_many");
        PercpuRefcount.checkNr("percpu_ref_tryget_many", nr);
        if (PercpuRefcount.unusable(m, ref, "percpu_ref_tryget_many")) return !ref.exited;
        if (ref.mode == PercpuRef.Mode.ATOMIC && ref.count == 0) return false;
        ref.count += nr;
        m.trace.pgmapRef("percpu_ref_tryget_many", ref, nr, ref.count);
        return true;
    }

    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default boolean percpu_ref_tryget(PercpuRef ref) {
        return percpu_ref_tryget_many(ref, 1);
    }

    /**
     * percpu mode: succeeds; otherwise fails once DEAD, else atomic_long_inc_not_zero. After
     * percpu_ref_exit() percpu_count_ptr is __PERCPU_REF_ATOMIC_DEAD: the DEAD test comes before any use
     * of ref->data, so it returns false without touching the NULL data pointer.
     */
    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19",
            note = "percpu_ref_tryget_live(): 'else if (!(ref->percpu_count_ptr & __PERCPU_REF_DEAD))' before"
                    + " atomic_long_inc_not_zero(&ref->data->count); percpu_ref_exit() leaves __PERCPU_REF_ATOMIC_DEAD")
    default boolean percpu_ref_tryget_live(PercpuRef ref) {
        Machine m = machine();
        m.step("percpu_ref_tryget_live");
        if (ref.exited && !ref.bogus) return false;
        if (PercpuRefcount.unusable(m, ref, "percpu_ref_tryget_live")) return false;
        if (ref.mode != PercpuRef.Mode.PERCPU) {
            if (ref.dead) return false;
            if (ref.mode == PercpuRef.Mode.ATOMIC && ref.count == 0) return false;
        }
        ref.count += 1;
        m.trace.pgmapRef("percpu_ref_tryget_live", ref, 1, ref.count);
        return true;
    }

    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default boolean percpu_ref_tryget_live_rcu(PercpuRef ref) {
        return percpu_ref_tryget_live(ref);
    }

    /** percpu mode: subtract locally; atomic mode: release when atomic_long_sub_and_test() hits exactly zero. */
    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default void percpu_ref_put_many(PercpuRef ref, long nr) {
        Machine m = machine();
        m.step("percpu_ref_put_many");
        PercpuRefcount.checkNr("percpu_ref_put_many", nr);
        if (PercpuRefcount.unusable(m, ref, "percpu_ref_put_many")) return;
        ref.count -= nr;
        m.trace.pgmapRef("percpu_ref_put_many", ref, -nr, ref.count);
        if (ref.mode == PercpuRef.Mode.ATOMIC && ref.count == 0) PercpuRefcount.release(m, ref);
    }

    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default void percpu_ref_put(PercpuRef ref) {
        percpu_ref_put_many(ref, 1);
    }

    /** percpu_ref_kill(): mark DEAD, start the switch to atomic mode, drop the initial reference. */
    @Source(file = "lib/percpu-refcount.c", ref = "v6.19", note = "percpu_ref_kill_and_confirm(ref, NULL)")
    default void percpu_ref_kill(PercpuRef ref) {
        Machine m = machine();
        m.step("percpu_ref_kill");
        if (PercpuRefcount.unusable(m, ref, "percpu_ref_kill")) return;
        m.WARN_ONCE(ref.dead, "%s called more than once on %s!", "percpu_ref_kill_and_confirm", ref.releaseName);
        ref.dead = true;
        if (ref.mode == PercpuRef.Mode.PERCPU) {
            ref.mode = PercpuRef.Mode.SWITCHING_TO_ATOMIC;
            ref.switchCountdown = m.config.atomicSwitchSteps;
            m.startSwitch(ref);
        }
        // The initial reference; zero cannot be seen until the per-CPU counters are folded.
        ref.count -= 1;
        m.trace.pgmapRef("percpu_ref_kill", ref, -1, ref.count);
        if (ref.mode == PercpuRef.Mode.ATOMIC && ref.count == 0) PercpuRefcount.release(m, ref);
        if (ref.mode == PercpuRef.Mode.SWITCHING_TO_ATOMIC && ref.switchCountdown == 0) finishSwitch(m, ref);
    }

    @Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
    default boolean percpu_ref_is_dying(PercpuRef ref) {
        return ref.dead;
    }

    @Source(file = "lib/percpu-refcount.c", ref = "v6.19")
    default boolean percpu_ref_is_zero(PercpuRef ref) {
        return ref.mode == PercpuRef.Mode.ATOMIC && ref.count == 0;
    }

    /** percpu_ref_exit(): frees the per-CPU counters and ref->data; later use dereferences NULL. */
    @Source(file = "lib/percpu-refcount.c", ref = "v6.19")
    default void percpu_ref_exit(PercpuRef ref) {
        machine().step("percpu_ref_exit");
        ref.exited = true;
    }

    /** Called every step: RCU callbacks of pending switches run when their grace period is over. */
    static void tickSwitches(Machine m, List<PercpuRef> switching) {
        for (int i = 0; i < switching.size(); i++) {
            PercpuRef ref = switching.get(i);
            if (--ref.switchCountdown <= 0) {
                switching.remove(i--);
                finishSwitch(m, ref);
            }
        }
    }

    /**
     * percpu_ref_switch_to_atomic_rcu(): fold the per-CPU counts (the switch holds one extra
     * reference), WARN if the result is <= 0, then drop the switch's reference.
     */
    @Source(file = "lib/percpu-refcount.c", ref = "v6.19")
    private static void finishSwitch(Machine m, PercpuRef ref) {
        if (ref.mode != PercpuRef.Mode.SWITCHING_TO_ATOMIC) return;
        ref.mode = PercpuRef.Mode.ATOMIC;
        long folded = ref.count + 1;
        if (folded <= 0 && m.log.once("percpu_ref_switch_to_atomic_rcu")) Diagnostics.percpuUnderflow(m, ref.releaseName, folded);
        if (ref.count == 0) release(m, ref);
    }

    private static void release(Machine m, PercpuRef ref) {
        m.trace.pgmapRef(ref.releaseName, ref, 0, ref.count);
        if (ref.release != null) ref.release.run();
    }

    /** offsetof(struct dev_pagemap, ref) on x86_64: struct vmem_altmap (six unsigned longs) comes first. */
    long REF_OFFSET = 48;

    /**
     * What the words under a "pgmap" read from a tail's compound_head hold, for the note: the put is
     * undefined behaviour, and which path it takes depends on those bytes.
     */
    private static String bogusRefNote(Machine m, PercpuRef ref, String function) {
        long pgmapAddr = ref.address;
        long refAddr = pgmapAddr + REF_OFFSET;
        long base = refAddr - Memmap.VMEMMAP_START;
        int idx = (int) (base / Memmap.STRUCT_PAGE_SIZE - m.memmap.basePfn);
        int byteOff = (int) (base % Memmap.STRUCT_PAGE_SIZE);
        StringBuilder sb = new StringBuilder(String.format("%s(&pgmap->ref) with pgmap = %016x: a stale pointer. That value is"
                + " a compound_head (head + 1) read as folio->pgmap, so &pgmap->ref = pgmap + %d = %016x", function, pgmapAddr,
                REF_OFFSET, refAddr));
        if (idx >= 0 && idx < m.memmap.n && m.memmap.isPopulated(idx) && byteOff == 49) {
            long mapcount = m.memmap.mapcount[idx] & 0xffffffffL;
            long refcount = m.memmap.refcount[idx] & 0xffffffffL;
            long word7 = m.memmap.nrPages[idx] & 0xffL;
            long countPtr = (mapcount >>> 8) | (refcount << 24) | (word7 << 56);
            sb.append(String.format(", byte %d of the struct page of pfn 0x%x. percpu_count_ptr would be read from its bytes"
                    + " 49-56 (_mapcount bytes 1-3 of 0x%08x, _refcount 0x%08x, the low byte of word 7): 0x%016x, whose"
                    + " __PERCPU_REF_ATOMIC_DEAD bits are %s", byteOff, m.memmap.pfn(idx), mapcount, refcount, countPtr,
                    (countPtr & 3) != 0 ? "set: the put would go to ref->data, read from the next 8 bytes, and call"
                            + " through whatever that points at" : "clear: the put would subtract from a per-CPU address"
                            + " made of those bytes"));
        }
        sb.append(". Undefined behaviour: what happens depends on the layout, the configuration and the values (a write"
                + " into some struct page, a fault, or a call through garbage); the model changes no count. The real pgmap's"
                + " count is not dropped. A KASAN kernel reports nothing for the read (the vmemmap is not poisoned).");
        return sb.toString();
    }

    /** Refs that cannot be used: after percpu_ref_exit (NULL ref->data), or a pointer that is no ref at all. */
    /** The kernel's nr is an unsigned long: a negative one is a caller's mistake (often 1 << order with order < 0). */
    private static void checkNr(String function, long nr) {
        if (nr < 0)
            throw new IllegalArgumentException(function + ": nr " + nr + " is negative; the kernel's nr is an unsigned"
                    + " long (was it 1 << order with a negative order?)");
    }

    private static boolean unusable(Machine m, PercpuRef ref, String function) {
        if (ref.bogus) {
            m.note(ModelNotes.Kind.USE_AFTER_FREE, function, bogusRefNote(m, ref, function));
            // The model does not guess what undefined behaviour does next: the run ends here, unclassified
            // beyond the use after free (no LEAK or OVER_PUT is derived from what would follow).
            throw new ScenarioStopped("undefined behaviour: " + function + " through a stale pgmap pointer (a use after"
                    + " free); what follows depends on the memory layout");
        }
        if (ref.exited) {
            // percpu_ref_exit() set ref->data = NULL; the atomic path reads ref->data->count: an oops.
            throw m.nullPointerDereference(function, "ref->data (NULL after percpu_ref_exit(" + ref.name + "))", false);
        }
        if (!ref.initialised)
            throw new IllegalStateException(function + ": " + ref.name + " was never initialised (memremap_pages not called?)");
        return false;
    }
}
