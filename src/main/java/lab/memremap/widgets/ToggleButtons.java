package lab.memremap.widgets;

import java.util.List;

/** A row of buttons of which exactly one is pressed. */
public final class ToggleButtons<T> extends Selection<T, ToggleButtons<T>> {
    public ToggleButtons() {
        super("ToggleButtonsModel", "ToggleButtonsView");
        define("tooltips", List.class, List.of());
        define("icons", List.class, List.of());
        define("button_style", String.class, "");
    }

    public static <T> ToggleButtons<T> of(List<? extends T> options) {
        return new ToggleButtons<T>().options(options);
    }

    @SafeVarargs
    public static <T> ToggleButtons<T> of(T... options) {
        return of(List.of(options));
    }
}
