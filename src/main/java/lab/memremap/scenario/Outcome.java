package lab.memremap.scenario;

/**
 * The classes of what can happen in a scenario (kernel-history.md §5's legend): §5's "W" is WARN,
 * "OVER" is OVER_PUT, and S10's "STALE read" (using a folio after it was handed back) is UAF.
 */
public enum Outcome {
    /** Nothing below happened. */
    OK,
    /** A WARN or VM_WARN splat; the kernel continued. */
    WARN,
    /** A BUG / VM_BUG_ON / oops ended the scenario. */
    BUG,
    /** pgmap references taken and never given back: memunmap_pages() waits forever. */
    LEAK,
    /** More pgmap references put than taken: early release, teardown under live pages. */
    OVER_PUT,
    /** Kernel code acted on compound state a freed folio left behind. */
    STALE,
    /** A task waits forever on something other than the pgmap's completion (e.g. a stale PG_locked). */
    HANG,
    /** The kernel touched a folio or pgmap after handing it back (KASAN's use-after-free). */
    UAF,
    /** The design cannot express the scenario (§5's n/a). */
    NA,
    /** The design's Java code threw (e.g. a NullPointerException in a reader's design): a bug in the Java, not a kernel event. */
    EXCEPTION
}
