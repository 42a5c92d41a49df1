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
