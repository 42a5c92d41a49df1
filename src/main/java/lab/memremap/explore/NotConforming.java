package lab.memremap.explore;

/**
 * A driver call that a conforming driver would not make (a busy or misaligned range, an order the
 * driver does not use, an operation after memunmap_pages). Not a kernel failure: the call is refused
 * before it reaches the kernel, and a search treats the sequence as out of scope.
 */
public final class NotConforming extends RuntimeException {
    public NotConforming(String message) {
        super(message, null, false, false);
    }
}
