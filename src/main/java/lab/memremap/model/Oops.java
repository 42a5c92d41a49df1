package lab.memremap.model;

/**
 * A BUG, a NULL dereference or an access to an unpopulated struct page: the kernel kills the task
 * with an oops. In the model it ends the scenario; the log already holds the oops text.
 */
public final class Oops extends RuntimeException {
    public Oops(String message) {
        super(message, null, false, false);
    }
}
