package lab.memremap.explore;

/**
 * What kind of failure a run showed, read from the model itself: the kind of a kernel log entry, an
 * invariant the model checks between operations, or an exception the model raised. Hard failures
 * break the kernel; a WARN is a splat after which the kernel goes on, reported separately.
 */
public enum FailureClass {
    /** BUG / VM_BUG_ON / a bad page fault: the kernel oopsed. */
    BUG(true),
    /** khungtaskd: a task blocked for good (memunmap_pages waiting for leaked refs, a stale page lock). */
    HUNG(true),
    /** The percpu_ref went to or below zero when switching to atomic: an over-put. */
    PERCPU_UNDERFLOW(true),
    /** The kernel touched a folio or pgmap after handing it back and it was re-used or torn down. */
    USE_AFTER_FREE(true),
    /** An invariant of the model (Machine.checkInvariants) did not hold between operations. */
    INVARIANT(true),
    /** A WARN or VM_WARN splat; the kernel continues. */
    WARN(false),
    /**
     * An invariant the model adds where the kernel reports nothing (a folio's state at init and at
     * hand-back, a page's idle count; FolioLife and the driver's checks): the model's analysis, never
     * kernel output. It counts as a failure, but the run goes on, so that what the kernel does next
     * (the leak, the BUG) is still seen.
     */
    NOTE(false),
    /** The model refused to go on (an exception that is not a kernel report); shown, never counted as a kernel bug. */
    MODEL_ERROR(false);

    private final boolean hard;

    FailureClass(boolean hard) {
        this.hard = hard;
    }

    public boolean hard() {
        return hard;
    }
}
