package lab.memremap.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * Reads and writes Jupyter's multipart wire format: identities, {@code <IDS|MSG>}, signature, header,
 * parent header, metadata, content. A message with a bad signature, bad JSON or JSON nested too deep to parse
 * safely is logged and dropped.
 */
public final class WireCodec {
    private static final Logger LOG = Logger.getLogger(WireCodec.class.getName());
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    static final String PROTOCOL_VERSION = "5.3";

    private final Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    private final MessageSigner signer;
    private final String session = UUID.randomUUID().toString();

    public WireCodec(MessageSigner signer) {
        this.signer = signer;
    }

    /** Blocks for the next message; returns null for a message that must be dropped. */
    public Message receive(ZMQ.Socket socket, int flags) {
        List<byte[]> frames = new ArrayList<>();
        byte[] first = socket.recv(flags);
        if (first == null) return null;
        frames.add(first);
        while (socket.hasReceiveMore()) frames.add(socket.recv(0));
        return decode(frames);
    }

    Message decode(List<byte[]> frames) {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            LOG.warning("dropped a message without the Jupyter wire delimiter or parts");
            return null;
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[][] parts = frames.subList(delimiter + 2, delimiter + 6).toArray(byte[][]::new);
        if (!signer.verify(signature, parts)) {
            LOG.warning("dropped a message with a bad signature");
            return null;
        }
        for (byte[] part : parts) {
            if (nestingDepth(part) > MAX_NESTING) {
                LOG.warning("dropped a message whose JSON nests deeper than " + MAX_NESTING + " levels");
                return null;
            }
        }
        try {
            return new Message(List.copyOf(frames.subList(0, delimiter)), json(parts[0]), json(parts[1]),
                    json(parts[2]), json(parts[3]), List.copyOf(frames.subList(delimiter + 6, frames.size())));
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warning("dropped a message with malformed JSON: " + e);
            return null;
        }
    }

    /** Jupyter messages nest a few levels; Gson parses recursively, so a deep one would overflow the stack. */
    static final int MAX_NESTING = 512;

    /** The deepest nesting of objects and arrays in a JSON text, not counting brackets inside strings. */
    static int nestingDepth(byte[] json) {
        int depth = 0, max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') i++;
                else if (b == '"') inString = false;
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                max = Math.max(max, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return max;
    }

    private JsonObject json(byte[] bytes) {
        JsonObject o = gson.fromJson(new String(bytes, StandardCharsets.UTF_8), JsonObject.class);
        return o == null ? new JsonObject() : o;
    }

    public JsonObject header(String type) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", "kernel");
        h.addProperty("date", Instant.now().toString());
        h.addProperty("msg_type", type);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }

    /** Sends a message and returns its msg_id; callers make sure only one thread uses a socket at a time. */
    public String send(ZMQ.Socket socket, List<byte[]> identities, String type, JsonObject parentHeader,
                       JsonObject content) {
        return send(socket, identities, type, parentHeader, new JsonObject(), content, List.of());
    }

    /** Sends a message with metadata and binary buffers after the signed parts (not covered by the signature). */
    public String send(ZMQ.Socket socket, List<byte[]> identities, String type, JsonObject parentHeader,
                       JsonObject metadata, JsonObject content, List<byte[]> buffers) {
        JsonObject header = header(type);
        byte[][] parts = {
                bytes(header), bytes(parentHeader == null ? new JsonObject() : parentHeader),
                bytes(metadata == null ? new JsonObject() : metadata), bytes(content)};
        for (byte[] id : identities) socket.sendMore(id);
        socket.sendMore(DELIMITER);
        socket.sendMore(signer.sign(parts).getBytes(StandardCharsets.US_ASCII));
        socket.sendMore(parts[0]);
        socket.sendMore(parts[1]);
        socket.sendMore(parts[2]);
        if (buffers.isEmpty()) {
            socket.send(parts[3], 0);
            return header.get("msg_id").getAsString();
        }
        socket.sendMore(parts[3]);
        for (int i = 0; i < buffers.size(); i++) {
            if (i + 1 < buffers.size()) socket.sendMore(buffers.get(i));
            else socket.send(buffers.get(i), 0);
        }
        return header.get("msg_id").getAsString();
    }

    /** The signature frame for four encoded parts (header, parent header, metadata, content). */
    public byte[] signature(byte[][] parts) {
        return signer.sign(parts).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] bytes(JsonObject o) {
        return gson.toJson(o).getBytes(StandardCharsets.UTF_8);
    }

    public Gson gson() {
        return gson;
    }
}
