package lab.memremap.widgets;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A front end for tests without a kernel: it keeps every comm message the widgets send. */
public final class RecordingFrontend implements Frontend {
    public record Sent(String kind, String commId, JsonObject data, List<byte[]> buffers) {}

    public final List<Sent> sent = new ArrayList<>();
    public final List<Throwable> errors = new ArrayList<>();

    public static RecordingFrontend connect() {
        RecordingFrontend f = new RecordingFrontend();
        WidgetRegistry.protocol(WidgetProtocol.V2_1);
        WidgetRegistry.connect(f);
        return f;
    }

    public static void disconnect() {
        WidgetRegistry.connect(null);
        WidgetRegistry.protocol(WidgetProtocol.V2_1);
    }

    @Override public synchronized void open(String commId, String target, JsonObject data, JsonObject metadata, List<byte[]> buffers) {
        sent.add(new Sent("open", commId, data, buffers));
    }

    @Override public synchronized void send(String commId, JsonObject data, List<byte[]> buffers) {
        sent.add(new Sent("msg", commId, data, buffers));
    }

    @Override public synchronized void close(String commId) {
        sent.add(new Sent("close", commId, null, List.of()));
    }

    @Override public String currentMessageId() {
        return "";
    }

    @Override public void flushOutput() {}

    @Override public synchronized void showError(Throwable error) {
        errors.add(error);
    }

    /** The last value of {@code field} sent in an update to {@code commId}, or null. */
    public synchronized JsonObject lastUpdate(String commId, String field) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            Sent s = sent.get(i);
            if (s.commId().equals(commId) && s.data() != null && s.data().has("state")
                    && s.data().getAsJsonObject("state").has(field)) return s.data().getAsJsonObject("state");
        }
        return null;
    }
}
