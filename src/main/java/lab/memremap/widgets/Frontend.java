package lab.memremap.widgets;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What widgets need from a Jupyter kernel: comms to the front end, and the running cell's output. The
 * kernel implements it and hands it to {@link WidgetRegistry#connect}; nothing in this package knows the
 * wire. Without a kernel (plain tests, the command line) there is no front end and widgets are plain
 * objects whose observers still fire.
 */
public interface Frontend {
    /** Opens a comm from the kernel side ({@code comm_open} to {@code target}). */
    void open(String commId, String target, JsonObject data, JsonObject metadata, List<byte[]> buffers);

    /** Sends {@code comm_msg} on an open comm. */
    void send(String commId, JsonObject data, List<byte[]> buffers);

    /** Sends {@code comm_close}. */
    void close(String commId);

    /** The msg_id of the request whose output is being produced now (a cell or a widget message); "" if none. */
    String currentMessageId();

    /** Publishes output printed so far by the current request, so it lands before what follows. */
    void flushOutput();

    /** Shows an exception as an error output of the current request. */
    void showError(Throwable error);
}
