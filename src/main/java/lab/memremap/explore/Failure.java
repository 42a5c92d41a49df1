package lab.memremap.explore;

/**
 * One failure seen in a run: its class, where it fired (the kernel function that reported it, or
 * the invariant), the first line of the report, and the step (0-based) during which it appeared.
 */
public record Failure(FailureClass kind, String site, String message, int step) {
    /** What two failures must share to count as the same bug: the class and the site. */
    public String signature() {
        return kind + " @ " + site;
    }

    @Override public String toString() {
        return kind + " in step " + (step + 1) + " at " + site + ": " + message;
    }
}
