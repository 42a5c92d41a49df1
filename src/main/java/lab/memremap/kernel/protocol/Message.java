package lab.memremap.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;

/**
 * One Jupyter message as it travels on a socket: routing identities, the four JSON parts, and the binary
 * buffers that follow them (comm messages of widgets carry images there). The accessors never throw: a
 * field of the wrong JSON type (a client's bug) reads as absent.
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content, List<byte[]> buffers) {
    public Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                   JsonObject content) {
        this(identities, header, parentHeader, metadata, content, List.of());
    }

    public String type() {
        return string(header, "msg_type", "");
    }

    public String id() {
        return string(header, "msg_id", "");
    }

    public boolean flag(String name, boolean fallback) {
        JsonElement e = content.get(name);
        return e instanceof JsonPrimitive p && p.isBoolean() ? p.getAsBoolean() : fallback;
    }

    public String text(String name) {
        return string(content, name, "");
    }

    /** A string (or number) field, or {@code fallback} when it is missing or of another JSON type. */
    public static String string(JsonObject o, String name, String fallback) {
        JsonElement e = o.get(name);
        return e instanceof JsonPrimitive p && (p.isString() || p.isNumber()) ? p.getAsString() : fallback;
    }
}
