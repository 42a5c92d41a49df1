package lab.memremap.widgets;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A push button; the front end reports each click, and the click callbacks run in the kernel. */
public final class Button extends Widget {
    private final List<Consumer<Button>> clickHandlers = new CopyOnWriteArrayList<>();

    public Button() {
        super("ButtonModel", "ButtonView");
        define("description", String.class, "");
        define("disabled", Boolean.class, false);
        define("icon", String.class, "");
        define("button_style", String.class, "");
    }

    public static Button of(String description) {
        return new Button().description(description);
    }

    public Button description(String d) {
        set("description", d);
        return this;
    }

    public String description() {
        return (String) get("description");
    }

    public Button disabled(boolean on) {
        set("disabled", on);
        return this;
    }

    /** Runs {@code handler} on every click. */
    public Button onClick(Consumer<Button> handler) {
        clickHandlers.add(Objects.requireNonNull(handler, "Button.onClick: handler is null"));
        return this;
    }

    /** Clicks the button from Java: the same callbacks run as for a click in the front end. */
    public void click() {
        for (Consumer<Button> h : clickHandlers) {
            try {
                h.accept(this);
            } catch (RuntimeException | Error e) {
                reportError(e);
            }
        }
    }

    @Override void custom(com.google.gson.JsonObject content) {
        if (content.has("event") && content.get("event").isJsonPrimitive() && content.get("event").getAsString().equals("click")) {
            inCallback(this::click);
            return;
        }
        super.custom(content);
    }

    @Override protected List<String> shownFields() {
        return List.of("description");
    }
}
