package lab.memremap.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import lab.memremap.kernel.io.CellContext;
import lab.memremap.kernel.io.OutputRouter;

/**
 * Jupyter comms: the targets this kernel answers, the comms open now (opened by either side), and
 * {@code comm_open}, {@code comm_msg}, {@code comm_close} and {@code comm_info_request} as the messaging
 * protocol defines them. A comm_open for a target nobody registered is closed again at once; messages
 * for unknown comms are ignored. What a front end sends on an open comm is handled on one callback thread
 * (never the cell's own thread), with the message as parent of its output; the shell waits for it, so the
 * request's idle status means "handled", which is what a widget front end waits for before it sends the
 * next change of a dragged slider (otherwise the kernel falls behind). An interrupt ends the wait. The
 * thread ends when idle, so nothing lingers after the front end has gone.
 */
public final class Comms {
    private static final Logger LOG = Logger.getLogger(Comms.class.getName());
    private static final long IDLE_SECONDS = 2;
    /** How long an interrupted callback may take to stop before its thread is abandoned for a fresh one. */
    private static final long STOP_GRACE_MS = 1000;

    /** Handles what arrives on one open comm. */
    public interface Handler {
        void message(JsonObject data, List<byte[]> buffers);

        default void closed() {}

        /** Called once the comm the front end opened is registered: the place to send a first message. */
        default void ready(String commId) {}
    }

    /** A registered target: answers a front end's comm_open with a handler, or null to refuse it. */
    public interface Target {
        Handler opened(String commId, JsonObject data, List<byte[]> buffers);
    }

    private record OpenComm(String target, Handler handler) {}

    private final IOPub iopub;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final Map<String, OpenComm> open = new ConcurrentHashMap<>();
    private volatile ThreadPoolExecutor callbacks = newCallbackThread();
    private volatile Future<?> running;

    Comms(IOPub iopub) {
        this.iopub = iopub;
    }

    private static ThreadPoolExecutor newCallbackThread() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "comm-callbacks");
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    public void register(String target, Target t) {
        targets.put(target, t);
    }

    /** Opens a comm from the kernel side. */
    public void open(String commId, String target, JsonObject data, JsonObject metadata, List<byte[]> buffers,
                     Handler handler) {
        open.put(commId, new OpenComm(target, handler));
        JsonObject c = new JsonObject();
        c.addProperty("comm_id", commId);
        c.addProperty("target_name", target);
        c.add("data", data);
        iopub.publish("comm_open", parent(), metadata, c, buffers);
    }

    /** Sends comm_msg on an open comm; a closed one is an error of the caller. */
    public void send(String commId, JsonObject data, JsonObject metadata, List<byte[]> buffers) {
        if (!open.containsKey(commId)) throw new IllegalStateException("Comms.send: comm " + commId + " is not open");
        JsonObject c = new JsonObject();
        c.addProperty("comm_id", commId);
        c.add("data", data);
        iopub.publish("comm_msg", parent(), metadata, c, buffers);
    }

    /** Closes a comm from the kernel side. */
    public void close(String commId) {
        if (open.remove(commId) == null) return;
        JsonObject c = new JsonObject();
        c.addProperty("comm_id", commId);
        c.add("data", new JsonObject());
        iopub.publish("comm_close", parent(), new JsonObject(), c, List.of());
    }

    /** The request whose output the calling thread produces (a cell, or a front-end message being handled). */
    static JsonObject parent() {
        CellContext c = OutputRouter.current();
        return c == null ? null : c.parent();
    }

    /** Handles comm_open, comm_msg and comm_close from the front end. */
    void handle(Message m) {
        JsonObject content = m.content();
        String commId = string(content, "comm_id");
        if (commId == null) {
            LOG.warning("ignored " + m.type() + " without a comm_id");
            return;
        }
        JsonObject data = content.has("data") && content.get("data").isJsonObject() ? content.getAsJsonObject("data") : new JsonObject();
        switch (m.type()) {
            case "comm_open" -> opened(m, commId, string(content, "target_name"), data);
            case "comm_msg" -> {
                OpenComm c = open.get(commId);
                if (c == null) {
                    LOG.warning("ignored comm_msg for unknown comm " + commId);
                    return;
                }
                await(onCallbackThread(m, () -> c.handler().message(data, m.buffers())));
            }
            case "comm_close" -> {
                OpenComm c = open.remove(commId);
                if (c != null) await(onCallbackThread(m, () -> c.handler().closed()));
            }
            default -> throw new IllegalArgumentException("Comms.handle: not a comm message: " + m.type());
        }
    }

    /** A target's answer to comm_open is kernel code (no user callbacks), so it runs in order on the shell thread. */
    private void opened(Message m, String commId, String target, JsonObject data) {
        Target t = target == null ? null : targets.get(target);
        Handler h = null;
        if (t != null) {
            CellContext context = new CellContext(m, iopub, null);
            OutputRouter.bind(context);
            try {
                h = t.opened(commId, data, m.buffers());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "comm target " + target + " failed to open " + commId, e);
            } finally {
                context.flush();
                OutputRouter.unbind();
            }
        }
        if (h == null) {
            // As the protocol asks for a target the kernel does not know (or refuses): close it again.
            JsonObject c = new JsonObject();
            c.addProperty("comm_id", commId);
            c.add("data", new JsonObject());
            iopub.publish("comm_close", m.header(), c);
            return;
        }
        open.put(commId, new OpenComm(target, h));
        CellContext context = new CellContext(m, iopub, null);
        OutputRouter.bind(context);
        try {
            h.ready(commId);
        } finally {
            OutputRouter.unbind();
        }
    }

    /** Waits until a callback is done, or was interrupted (then its thread may still be stopping). */
    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException done) {
            // interrupted, or failed (already logged)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Future<?> onCallbackThread(Message m, Runnable work) {
        ExecutorService e = callbacks;
        Future<?> f = e.submit(() -> {
            CellContext context = new CellContext(m, iopub, null);
            OutputRouter.bind(context);
            try {
                work.run();
            } catch (RuntimeException | Error failed) {
                // A malformed message or a failing callback: the kernel keeps serving.
                LOG.log(Level.WARNING, m.type() + " for comm " + string(m.content(), "comm_id") + " failed: " + failed);
            } finally {
                context.flush();
                OutputRouter.unbind();
            }
        });
        running = f;
        return f;
    }

    /** comm_info_reply content: the open comms, only those of {@code target} when one is named. */
    JsonObject info(String target) {
        JsonObject comms = new JsonObject();
        for (Map.Entry<String, OpenComm> e : open.entrySet()) {
            if (target != null && !target.isEmpty() && !target.equals(e.getValue().target())) continue;
            JsonObject c = new JsonObject();
            c.addProperty("target_name", e.getValue().target());
            comms.add(e.getKey(), c);
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.add("comms", comms);
        return reply;
    }

    /**
     * Interrupts the running callback. One that does not stop within a second keeps its thread, which is
     * abandoned; later messages get a fresh thread, so the widgets keep working.
     */
    void interrupt() {
        Future<?> f = running;
        ThreadPoolExecutor e = callbacks;
        if (f == null || f.isDone()) return;
        f.cancel(true);
        Thread watchdog = new Thread(() -> {
            try {
                if (!e.awaitTermination(0, TimeUnit.MILLISECONDS)) {
                    Thread.sleep(STOP_GRACE_MS);
                    if (e.getActiveCount() > 0 && callbacks == e) {
                        callbacks = newCallbackThread();
                        e.shutdown();
                        LOG.warning("a comm callback did not stop when interrupted; its thread was abandoned");
                    }
                }
            } catch (InterruptedException ignored) {
                // kernel exiting
            }
        }, "comm-interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
