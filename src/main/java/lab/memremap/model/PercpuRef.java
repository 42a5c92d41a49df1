package lab.memremap.model;

/**
 * struct percpu_ref. The model keeps the logical count (initial reference + gets - puts) that the
 * kernel spreads over per-CPU counters, and the two flag bits of the kernel's pointer word:
 * __PERCPU_REF_ATOMIC and __PERCPU_REF_DEAD. Zero is only detected in atomic mode, as in the kernel;
 * the functions that act on it are in {@link PercpuRefcount}.
 */
@Source(file = "include/linux/percpu-refcount.h", ref = "v6.19")
public final class PercpuRef {
    public enum Mode { PERCPU, SWITCHING_TO_ATOMIC, ATOMIC }

    final String name;
    final long address;
    final Machine m;
    long count;
    Mode mode = Mode.PERCPU;
    boolean dead;
    boolean exited;
    boolean initialised;
    /** Steps left until the RCU callback folds the per-CPU counters (after kill). */
    int switchCountdown = -1;
    /** The release callback: for a pgmap, dev_pagemap_percpu_release completing pgmap->done. */
    Runnable release;
    String releaseName;
    /** Not a percpu_ref at all: a pointer that really points into a struct page (word 1 read as pgmap). */
    final boolean bogus;

    PercpuRef(Machine m, String name, long address, boolean bogus) {
        this.m = m;
        this.name = name;
        this.address = address;
        this.bogus = bogus;
    }

    /** The logical count: initial reference + gets - puts (what the chart shows). */
    public long count() {
        return count;
    }

    public Mode mode() {
        return mode;
    }

    public boolean dead() {
        return dead;
    }

    public boolean exited() {
        return exited;
    }

    @Override public String toString() {
        if (bogus) return String.format("percpu_ref@%016x (not a percpu_ref)", address);
        return name + ": count=" + count + " " + mode.name().toLowerCase()
                + (dead ? " dying" : " live") + (exited ? " exited" : "");
    }
}
