package lab.memremap.kernel.protocol;

import java.util.logging.Level;
import java.util.logging.Logger;
import lab.memremap.kernel.WorkbookKernel;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Binds the five Jupyter sockets and serves them: one thread per request channel (shell, control), each
 * blocking on its socket instead of polling with a sleep, plus the heartbeat echo. A message that fails
 * its signature or cannot be read is dropped, a request that fails is logged, and the loop carries on.
 */
public final class KernelServer {
    private static final Logger LOG = Logger.getLogger(KernelServer.class.getName());

    private final ZContext context = new ZContext();
    private final Channel shell;
    private final Channel control;
    private final IOPub iopub;
    private final RequestHandlers handlers;
    private final ZMQ.Socket heartbeat;
    /** Set once the kernel is exiting: the sockets are being closed under the loops, which then just end. */
    private volatile boolean closing;

    public KernelServer(ConnectionInfo info, WorkbookKernel kernel) {
        WireCodec codec = new WireCodec(new MessageSigner(info.signatureScheme(), info.key()));
        iopub = new IOPub(bind(SocketType.PUB, info.endpoint(info.iopubPort())), codec);
        shell = new Channel("shell", bind(SocketType.ROUTER, info.endpoint(info.shellPort())), codec);
        control = new Channel("control", bind(SocketType.ROUTER, info.endpoint(info.controlPort())), codec);
        StdinChannel stdin = new StdinChannel(bind(SocketType.ROUTER, info.endpoint(info.stdinPort())), codec);
        heartbeat = bind(SocketType.REP, info.endpoint(info.hbPort()));
        handlers = new RequestHandlers(kernel, iopub, stdin, this::exitSoon);
    }

    private ZMQ.Socket bind(SocketType type, String endpoint) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        if (!socket.bind(endpoint)) {
            throw new IllegalStateException("KernelServer: cannot bind " + type + " socket to " + endpoint);
        }
        return socket;
    }

    /** Starts serving; returns at once. */
    public void start() {
        iopub.status(null, "starting");
        start("shell-loop", () -> serve(shell));
        start("control-loop", () -> serve(control));
        start("heartbeat", this::echoHeartbeats);
    }

    private static void start(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(false);
        t.start();
    }

    private void serve(Channel channel) {
        while (!Thread.currentThread().isInterrupted()) {
            Message request;
            try {
                request = channel.next();
            } catch (ZMQException closed) {
                return;
            } catch (RuntimeException | Error unreadable) {
                if (closing) return;
                LOG.log(Level.WARNING, channel.name() + ": dropped a message that could not be read", unreadable);
                continue;
            }
            if (request == null) continue;
            try {
                handlers.handle(request, channel);
            } catch (RuntimeException | Error e) {  // an OutOfMemoryError or a client's bad request must not end the loop
                if (closing) return;
                LOG.log(Level.WARNING, channel.name() + ": request " + request.type() + " failed", e);
            }
        }
    }

    private void echoHeartbeats() {
        while (true) {
            try {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) heartbeat.send(ping, 0);
            } catch (ZMQException closed) {
                return;
            } catch (RuntimeException e) {
                if (closing) return;
                LOG.log(Level.WARNING, "heartbeat: echo failed", e);
            }
        }
    }

    /**
     * After the shutdown reply: give the I/O thread a moment to deliver it, then end the process. The JVM's
     * exit waits up to 300 ms for threads running native code, and every ZeroMQ thread waits in a native
     * selector; closing the sockets and the context first ends them, so the process ends at once.
     */
    private void exitSoon() {
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(20);
                closing = true;
                Thread closer = new Thread(context::close, "zmq-close");
                closer.setDaemon(true);
                closer.start();
                closer.join(200);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            Runtime.getRuntime().halt(0);
        }, "kernel-exit");
        exit.start();
    }
}
