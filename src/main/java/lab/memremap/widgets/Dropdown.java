package lab.memremap.widgets;

import java.util.List;

/** A drop-down list of options. */
public final class Dropdown<T> extends Selection<T, Dropdown<T>> {
    public Dropdown() {
        super("DropdownModel", "DropdownView");
    }

    /** A dropdown over {@code options}, the first selected. */
    public static <T> Dropdown<T> of(List<? extends T> options) {
        return new Dropdown<T>().options(options);
    }

    @SafeVarargs
    public static <T> Dropdown<T> of(T... options) {
        return of(List.of(options));
    }
}
