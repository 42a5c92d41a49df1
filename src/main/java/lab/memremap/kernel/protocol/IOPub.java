package lab.memremap.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zeromq.ZMQ;

/** The broadcast channel: status, streams, displays, results and errors, all tied to their request. */
public final class IOPub {
    private final ZMQ.Socket socket;
    private final WireCodec codec;

    IOPub(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /** Publishes one message; synchronized because cells, background threads and loops all publish. */
    public synchronized void publish(String type, JsonObject parentHeader, JsonObject content) {
        codec.send(socket, List.of(("kernel." + type).getBytes(StandardCharsets.UTF_8)), type, parentHeader, content);
    }

    /** Publishes a message with metadata and binary buffers (comm messages of widgets). */
    public synchronized void publish(String type, JsonObject parentHeader, JsonObject metadata, JsonObject content,
                                     List<byte[]> buffers) {
        codec.send(socket, List.of(("kernel." + type).getBytes(StandardCharsets.UTF_8)), type, parentHeader,
                metadata, content, buffers);
    }

    public void status(JsonObject parent, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        publish("status", parent, c);
    }

    public void stream(JsonObject parent, String name, String text) {
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("text", text);
        publish("stream", parent, c);
    }

    public void executeInput(JsonObject parent, String code, int count) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("execution_count", count);
        publish("execute_input", parent, c);
    }

    public void executeResult(JsonObject parent, int count, JsonObject bundle) {
        JsonObject c = bundle.deepCopy();
        c.remove("transient");
        c.addProperty("execution_count", count);
        publish("execute_result", parent, c);
    }

    /** {@code bundle} holds data, metadata and (for display ids) transient. */
    public void displayData(JsonObject parent, JsonObject bundle, boolean update) {
        publish(update ? "update_display_data" : "display_data", parent, bundle);
    }

    public void clearOutput(JsonObject parent, boolean wait) {
        JsonObject c = new JsonObject();
        c.addProperty("wait", wait);
        publish("clear_output", parent, c);
    }

    public void error(JsonObject parent, String name, String value, List<String> traceback) {
        publish("error", parent, errorContent(name, value, traceback));
    }

    static JsonObject errorContent(String name, String value, List<String> traceback) {
        JsonObject c = new JsonObject();
        c.addProperty("ename", name);
        c.addProperty("evalue", value);
        JsonArray tb = new JsonArray();
        traceback.forEach(tb::add);
        c.add("traceback", tb);
        return c;
    }
}
