package lab.memremap.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The connection file Jupyter writes for a kernel: where to bind, and how to sign messages. */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String signatureScheme, String key) {

    /** Reads a connection file, failing with a message that names the file and what is wrong with it. */
    public static ConnectionInfo read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonObject json;
        try {
            json = new Gson().fromJson(text, JsonObject.class);
        } catch (JsonSyntaxException e) {
            throw new IOException("ConnectionInfo.read: " + file + " is not a Jupyter connection file (not JSON)", e);
        }
        if (json == null || !json.has("shell_port") || !json.has("iopub_port")) {
            throw new IOException("ConnectionInfo.read: " + file + " is not a Jupyter connection file"
                    + " (no shell_port/iopub_port); the kernel is started by Jupyter with {connection_file}");
        }
        return new ConnectionInfo(
                string(json, "transport", "tcp"), string(json, "ip", "127.0.0.1"),
                json.get("shell_port").getAsInt(), json.get("iopub_port").getAsInt(),
                json.get("stdin_port").getAsInt(), json.get("control_port").getAsInt(),
                json.get("hb_port").getAsInt(),
                string(json, "signature_scheme", "hmac-sha256"), string(json, "key", ""));
    }

    private static String string(JsonObject json, String name, String fallback) {
        return json.has(name) && !json.get(name).isJsonNull() ? json.get(name).getAsString() : fallback;
    }

    String endpoint(int port) {
        String sep = transport.equals("ipc") ? "-" : ":";
        return transport + "://" + ip + sep + port;
    }
}
