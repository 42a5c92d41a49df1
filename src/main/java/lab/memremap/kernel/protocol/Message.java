package lab.memremap.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/** One Jupyter message as it travels on a socket: routing identities and the four JSON parts. */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content) {
    public String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    public String id() {
        return header.has("msg_id") ? header.get("msg_id").getAsString() : "";
    }

    public boolean flag(String name, boolean fallback) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsBoolean() : fallback;
    }

    public String text(String name) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsString() : "";
    }
}
