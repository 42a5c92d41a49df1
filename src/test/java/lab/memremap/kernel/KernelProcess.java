package lab.memremap.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lab.memremap.kernel.protocol.Message;
import lab.memremap.kernel.protocol.MessageSigner;
import lab.memremap.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A real kernel process for protocol tests, with a minimal Jupyter client: shell, control and stdin
 * DEALERs and an iopub subscriber collected on a background thread. The kernel runs on the JDK named by
 * the system property {@code kernel.java} (default: the JDK running the tests), so the same tests cover
 * JDK 17 and JDK 25.
 */
public final class KernelProcess implements AutoCloseable {
    /** Generous: a bound only where waiting is inherent; never a performance assertion. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final ZContext zmq = new ZContext();
    private final WireCodec codec;
    private final String key = UUID.randomUUID().toString();
    private final int[] ports;
    public final ZMQ.Socket shell;
    public final ZMQ.Socket control;
    public final ZMQ.Socket stdin;
    private final BlockingQueue<Message> iopub = new LinkedBlockingQueue<>();
    private final List<Message> iopubSeen = new ArrayList<>();
    private final Thread iopubReader;
    private volatile boolean closing;
    private final Path logFile;
    /** Holds the connection file and the kernel's log; removed on close. */
    private final Path dir;

    public KernelProcess(Map<String, String> env, String... jvmFlags) throws Exception {
        ports = freePorts(5);
        dir = Files.createTempDirectory("memremap-kernel-test");
        Path connection = dir.resolve("connection.json");
        JsonObject c = new JsonObject();
        c.addProperty("transport", "tcp");
        c.addProperty("ip", "127.0.0.1");
        c.addProperty("shell_port", ports[0]);
        c.addProperty("iopub_port", ports[1]);
        c.addProperty("stdin_port", ports[2]);
        c.addProperty("control_port", ports[3]);
        c.addProperty("hb_port", ports[4]);
        c.addProperty("signature_scheme", "hmac-sha256");
        c.addProperty("key", key);
        Files.writeString(connection, c.toString());
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("kernel.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Djava.awt.headless=true");
        command.add("-XX:+UseSerialGC");
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelMain.class.getName(), connection.toString()));
        logFile = dir.resolve("kernel.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        codec = new WireCodec(new MessageSigner("hmac-sha256", key));
        // Like jupyter_client: shell and stdin share an identity, so input requests find their way back.
        byte[] identity = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        shell = connect(SocketType.DEALER, ports[0], identity);
        control = connect(SocketType.DEALER, ports[3], null);
        stdin = connect(SocketType.DEALER, ports[2], identity);
        ZMQ.Socket sub = connect(SocketType.SUB, ports[1], null);
        sub.subscribe(new byte[0]);
        // The reader polls, so that close() can stop it and let it leave its socket before the context
        // ends: a JeroMQ socket closed by another thread while it blocks in recv can leave
        // ZContext.close() waiting forever (seen once in ParentWatchTest under load).
        sub.setReceiveTimeOut(100);
        iopubReader = new Thread(() -> {
            try {
                while (!closing) {
                    Message m = codec.receive(sub, 0);
                    if (m != null) iopub.add(m);
                }
            } catch (RuntimeException closed) {
                // the test is over
            }
        }, "test-iopub");
        iopubReader.setDaemon(true);
        iopubReader.start();
        // Wait until the kernel answers, and until iopub is subscribed (PUB drops messages before that).
        awaitReply(send(shell, "kernel_info_request", new JsonObject()), shell);
        while (true) {
            Message m = request("execute_request", execute("1"));
            boolean sawInput = drainUntilIdle(m.parentHeader().get("msg_id").getAsString()).stream()
                    .anyMatch(x -> x.type().equals("execute_input"));
            if (sawInput) break;
        }
    }

    private ZMQ.Socket connect(SocketType type, int port, byte[] identity) {
        ZMQ.Socket s = zmq.createSocket(type);
        if (identity != null) s.setIdentity(identity);
        s.setLinger(0);
        s.connect("tcp://127.0.0.1:" + port);
        return s;
    }

    private static int[] freePorts(int n) throws IOException {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                out[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        return out;
    }

    public static JsonObject execute(String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("silent", false);
        c.addProperty("store_history", true);
        c.add("user_expressions", new JsonObject());
        c.addProperty("allow_stdin", false);
        c.addProperty("stop_on_error", true);
        return c;
    }

    /** Whether the kernel process has ended within {@code wait}. */
    public boolean exitsWithin(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a request and returns its msg_id. */
    public String send(ZMQ.Socket socket, String type, JsonObject content) {
        JsonObject header = codec.header(type);
        sendWithHeader(socket, header, content, codec);
        return header.get("msg_id").getAsString();
    }

    /** Sends a message signed with a different key, as an attacker or a confused client would. */
    public String sendBadlySigned(ZMQ.Socket socket, String type, JsonObject content) {
        WireCodec wrong = new WireCodec(new MessageSigner("hmac-sha256", "not-the-key"));
        JsonObject header = wrong.header(type);
        sendWithHeader(socket, header, content, wrong);
        return header.get("msg_id").getAsString();
    }

    /** Sends a message with binary buffers after its signed parts, as a widget front end does; returns its msg_id. */
    public String sendWithBuffers(ZMQ.Socket socket, String type, JsonObject content, List<byte[]> buffers) {
        JsonObject header = codec.header(type);
        byte[][] parts = {bytes(header), bytes(new JsonObject()), bytes(new JsonObject()), bytes(content)};
        socket.sendMore("<IDS|MSG>");
        socket.sendMore(codec.signature(parts));
        socket.sendMore(parts[0]);
        socket.sendMore(parts[1]);
        socket.sendMore(parts[2]);
        socket.sendMore(parts[3]);
        for (int i = 0; i < buffers.size(); i++) {
            if (i + 1 < buffers.size()) socket.sendMore(buffers.get(i));
            else socket.send(buffers.get(i), 0);
        }
        return header.get("msg_id").getAsString();
    }

    /** Sends correctly signed frames whose header and content are the given JSON texts, whatever they hold. */
    public void sendRaw(ZMQ.Socket socket, String header, String content) {
        byte[][] parts = {header.getBytes(StandardCharsets.UTF_8), bytes(new JsonObject()), bytes(new JsonObject()),
                content.getBytes(StandardCharsets.UTF_8)};
        socket.sendMore("<IDS|MSG>");
        socket.sendMore(codec.signature(parts));
        socket.sendMore(parts[0]);
        socket.sendMore(parts[1]);
        socket.sendMore(parts[2]);
        socket.send(parts[3], 0);
    }

    private static void sendWithHeader(ZMQ.Socket socket, JsonObject header, JsonObject content, WireCodec signer) {
        // WireCodec.send makes its own header; build the frames here so the msg_id is known to the test.
        byte[][] parts = {bytes(header), bytes(new JsonObject()), bytes(new JsonObject()), bytes(content)};
        socket.sendMore("<IDS|MSG>");
        socket.sendMore(signer.signature(parts));
        socket.sendMore(parts[0]);
        socket.sendMore(parts[1]);
        socket.sendMore(parts[2]);
        socket.send(parts[3], 0);
    }

    private static byte[] bytes(JsonObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends on shell and waits for the reply. */
    public Message request(String type, JsonObject content) {
        return awaitReply(send(shell, type, content), shell);
    }

    public Message execute(String code, boolean waitIdle) {
        Message reply = request("execute_request", execute(code));
        if (waitIdle) drainUntilIdle(reply.parentHeader().get("msg_id").getAsString());
        return reply;
    }

    public Message awaitReply(String msgId, ZMQ.Socket socket) {
        socket.setReceiveTimeOut((int) WAIT.toMillis());
        while (true) {
            Message m = codec.receive(socket, 0);
            if (m == null) throw new AssertionError("no reply to " + msgId + " within " + WAIT + "\n" + log());
            if (Message.string(m.parentHeader(), "msg_id", "").equals(msgId)) return m;
        }
    }

    /** A reply to {@code msgId} arriving within {@code wait}, or null. */
    public Message replyWithin(String msgId, ZMQ.Socket socket, Duration wait) {
        socket.setReceiveTimeOut((int) wait.toMillis());
        Message m = codec.receive(socket, 0);
        socket.setReceiveTimeOut(-1);
        if (m != null && Message.string(m.parentHeader(), "msg_id", "").equals(msgId)) return m;
        return null;
    }

    /** All iopub messages for a request, up to and including its idle status. */
    public List<Message> drainUntilIdle(String msgId) {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = pollIopub(Duration.ofMillis(200));
            if (m == null) continue;
            if (!Message.string(m.parentHeader(), "msg_id", "").equals(msgId)) continue;
            out.add(m);
            if (m.type().equals("status") && m.content().get("execution_state").getAsString().equals("idle")) return out;
        }
        throw new AssertionError("no idle status for " + msgId + " within " + WAIT + "\n" + log());
    }

    /** Iopub messages for {@code msgId} seen so far or arriving within {@code wait}. */
    public List<Message> iopubFor(String msgId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Message> out = new ArrayList<>();
        synchronized (iopubSeen) {
            for (Message m : iopubSeen) if (isFor(m, msgId)) out.add(m);
        }
        while (System.nanoTime() < deadline) {
            Message m = pollIopub(Duration.ofMillis(50));
            if (m != null && isFor(m, msgId)) out.add(m);
        }
        return out;
    }

    private static boolean isFor(Message m, String msgId) {
        return Message.string(m.parentHeader(), "msg_id", "").equals(msgId);
    }

    private Message pollIopub(Duration wait) {
        try {
            Message m = iopub.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (m != null) synchronized (iopubSeen) {
                iopubSeen.add(m);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Text of all stdout stream messages of a request. */
    public static String stdout(List<Message> messages) {
        StringBuilder out = new StringBuilder();
        for (Message m : messages) {
            if (m.type().equals("stream") && m.content().get("name").getAsString().equals("stdout")) {
                out.append(m.content().get("text").getAsString());
            }
        }
        return out.toString();
    }

    public static JsonObject first(List<Message> messages, String type) {
        for (Message m : messages) if (m.type().equals(type)) return m.content();
        throw new AssertionError("no " + type + " among " + types(messages));
    }

    public static List<String> types(List<Message> messages) {
        List<String> t = new ArrayList<>();
        for (Message m : messages) t.add(m.type());
        return t;
    }

    public static String text(JsonObject content) {
        return content.getAsJsonObject("data").get("text/plain").getAsString();
    }

    public static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    public String log() {
        try {
            return "--- kernel log ---\n" + Files.readString(logFile);
        } catch (IOException e) {
            return "(no kernel log)";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public static Path projectJar(String name) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(name) && entry.endsWith(".jar")) return Path.of(entry);
        }
        throw new AssertionError("no " + name + " jar on the test class path");
    }

    @Override
    public void close() throws Exception {
        try {
            send(control, "shutdown_request", new JsonObject());
            process.waitFor(10, TimeUnit.SECONDS);
        } finally {
            process.destroyForcibly();
            closing = true;
            iopubReader.join(5_000);
            zmq.close();
            deleteTree(dir);
        }
    }

    /** Removes a temporary folder the tests made (best effort: a leftover file is no failure). */
    public static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
            // nothing to clean up, or already gone
        }
    }
}
