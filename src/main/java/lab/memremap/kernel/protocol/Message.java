package lab.memremap.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message as it travels on a socket: routing identities, the four JSON parts, and the binary
 * buffers that follow them (comm messages of widgets carry images there).
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content, List<byte[]> buffers) {
    public Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                   JsonObject content) {
        this(identities, header, parentHeader, metadata, content, List.of());
    }

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
