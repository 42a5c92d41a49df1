package lab.memremap.design;

/**
 * Thrown when a scenario asks a design for something its version of the code cannot express (an
 * order for the pre-series zone_device_page_init(page), a pgmap argument before 6.19, ...). The
 * matrix records the cell as NA: "not reachable", §5's n/a.
 */
public final class NotApplicable extends RuntimeException {
    public NotApplicable(String message) {
        super(message, null, false, false);
    }
}
