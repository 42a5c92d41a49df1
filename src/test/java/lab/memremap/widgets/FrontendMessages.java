package lab.memremap.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Comm message bodies a front end sends, for tests with or without a kernel. */
public final class FrontendMessages {
    private FrontendMessages() {}

    /** A widget protocol 2 {@code update} setting one field (a number, a string or a boolean). */
    public static JsonObject update(String field, Object v) {
        JsonObject state = new JsonObject();
        if (v instanceof Number n) state.addProperty(field, n);
        else if (v instanceof String s) state.addProperty(field, s);
        else if (v instanceof Boolean b) state.addProperty(field, b);
        JsonObject data = new JsonObject();
        data.addProperty("method", "update");
        data.add("state", state);
        data.add("buffer_paths", new JsonArray());
        return data;
    }
}
