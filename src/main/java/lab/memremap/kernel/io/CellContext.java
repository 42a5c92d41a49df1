package lab.memremap.kernel.io;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lab.memremap.kernel.protocol.IOPub;
import lab.memremap.kernel.protocol.Message;
import lab.memremap.kernel.protocol.StdinChannel;

/**
 * Everything that belongs to one execute request: where its output goes (the request's header as parent,
 * even for threads that outlive the cell), whether it may publish at all ({@code silent}), whether it may
 * ask for input, and the payloads (pager) its reply will carry. Printed bytes are buffered and published
 * in batches, so a flood of small writes becomes a few stream messages.
 */
public final class CellContext {
    private final Message request;
    private final IOPub iopub;
    private final StdinChannel stdin;
    private final boolean silent;
    private final boolean allowStdin;
    private final List<JsonObject> payloads = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private volatile String lastDisplayId;

    /** A run of bytes written to one stream. */
    private static final class Segment {
        final String stream;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Segment(String stream) {
            this.stream = stream;
        }
    }

    public CellContext(Message request, IOPub iopub, StdinChannel stdin) {
        this.request = request;
        this.iopub = iopub;
        this.stdin = stdin;
        this.silent = request.flag("silent", false);
        this.allowStdin = request.flag("allow_stdin", false) && stdin != null;
    }

    public boolean silent() {
        return silent;
    }

    public JsonObject parent() {
        return request.header();
    }

    synchronized void write(String stream, byte[] b, int off, int len) {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || !last.stream.equals(stream)) {
            last = new Segment(stream);
            segments.add(last);
        }
        last.bytes.write(b, off, len);
    }

    synchronized boolean hasPendingOutput() {
        return !segments.isEmpty();
    }

    /** Publishes buffered output in the order it was written; an unfinished UTF-8 character waits. */
    public synchronized void flush() {
        List<Segment> keep = new ArrayList<>();
        for (Segment s : segments) {
            byte[] bytes = s.bytes.toByteArray();
            int complete = Utf8.completePrefix(bytes);
            if (complete > 0 && !silent) {
                iopub.stream(parent(), s.stream, new String(bytes, 0, complete, StandardCharsets.UTF_8));
            }
            if (complete < bytes.length) {
                Segment rest = new Segment(s.stream);
                rest.bytes.write(bytes, complete, bytes.length - complete);
                keep.add(rest);
            }
        }
        segments.clear();
        segments.addAll(keep);
    }

    /** Publishes a display bundle (data, metadata, transient) after the output printed before it. */
    public void display(JsonObject bundle, boolean update) {
        flush();
        if (!silent) iopub.displayData(parent(), bundle, update);
        if (!update && bundle.has("transient")) {
            JsonObject t = bundle.getAsJsonObject("transient");
            if (t.has("display_id")) lastDisplayId = t.get("display_id").getAsString();
        }
    }

    public void clearOutput(boolean wait) {
        flush();
        if (!silent) iopub.clearOutput(parent(), wait);
    }

    /** The id returned by this cell's latest {@code display(...)}, so it is not echoed as Out[n]. */
    public String lastDisplayId() {
        return lastDisplayId;
    }

    public synchronized void addPayload(JsonObject payload) {
        payloads.add(payload);
    }

    public synchronized List<JsonObject> payloads() {
        return List.copyOf(payloads);
    }

    /** A line typed by the user; {@link InputNotAvailable} when this request does not allow input (e.g. nbconvert). */
    public String readLine(String prompt) throws java.io.InterruptedIOException {
        if (!allowStdin) throw new InputNotAvailable();
        flush();
        try {
            return stdin.requestInput(request, prompt, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("input request interrupted");
        }
    }
}
