package lab.memremap.kernel.runtime;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** Converts the base library's {@link DisplayData} into the JSON of a display message (data, metadata, transient). */
public final class DisplayBundles {
    private static final Gson GSON = new Gson();

    private DisplayBundles() {}

    public static JsonObject toJson(DisplayData display) {
        JsonObject raw = GSON.toJsonTree(display).getAsJsonObject();
        JsonObject bundle = new JsonObject();
        bundle.add("data", objectOrEmpty(raw.get("data")));
        bundle.add("metadata", objectOrEmpty(raw.get("metadata")));
        JsonElement t = raw.has("transient") ? raw.get("transient") : raw.get("transientData");
        if (t != null && t.isJsonObject()) bundle.add("transient", t);
        return bundle;
    }

    private static JsonObject objectOrEmpty(JsonElement e) {
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }
}
