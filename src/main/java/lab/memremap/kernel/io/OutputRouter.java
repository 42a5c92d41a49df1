package lab.memremap.kernel.io;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes {@code System.out}, {@code System.err} and {@code System.in} to the cell that owns the running
 * thread. The owner is an inheritable thread-local, so a thread started by a cell keeps printing into that
 * cell after it has finished; threads with no cell (the kernel's own) print to the kernel's log.
 * A flusher publishes buffered output every few milliseconds.
 */
public final class OutputRouter {
    private static final long FLUSH_INTERVAL_MS = 20;
    private static final InheritableThreadLocal<CellContext> OWNER = new InheritableThreadLocal<>();
    private static final Set<CellContext> DIRTY = ConcurrentHashMap.newKeySet();
    private static volatile boolean installed;

    private OutputRouter() {}

    /** Replaces the JVM's standard streams once, for the life of the kernel. */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        PrintStream log = System.err;
        System.setOut(new PrintStream(new Routed("stdout", System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routed("stderr", log), true, StandardCharsets.UTF_8));
        System.setIn(new NotebookInput());
        Thread flusher = new Thread(OutputRouter::flushForever, "output-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Makes {@code context} the owner of output from this thread and the threads it starts. */
    public static void bind(CellContext context) {
        OWNER.set(context);
    }

    public static void unbind() {
        OWNER.remove();
    }

    public static CellContext current() {
        return OWNER.get();
    }

    private static void flushForever() {
        while (true) {
            try {
                Thread.sleep(FLUSH_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            for (CellContext c : DIRTY) {
                DIRTY.remove(c);
                try {
                    c.flush();
                } catch (RuntimeException publishFailed) {
                    // a closed socket during shutdown; nothing to deliver to
                }
            }
        }
    }

    /** One standard stream: bytes go to the owning cell's buffer, or to the kernel log. */
    private static final class Routed extends OutputStream {
        private final String name;
        private final OutputStream fallback;

        Routed(String name, OutputStream fallback) {
            this.name = name;
            this.fallback = fallback;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            CellContext c = OWNER.get();
            if (c == null) {
                try {
                    fallback.write(b, off, len);
                } catch (java.io.IOException ignored) {
                    // the log is gone; nothing else to do with kernel chatter
                }
                return;
            }
            c.write(name, b, off, len);
            DIRTY.add(c);
        }
    }

    /**
     * {@code System.in}: reads lines the frontend sends back for input requests; fails with
     * {@link InputNotAvailable} when the cell's request does not allow input, EOF for threads of no cell.
     */
    private static final class NotebookInput extends InputStream {
        private byte[] buffer = new byte[0];
        private int pos;

        @Override
        public synchronized int read() throws java.io.IOException {
            if (!fill()) return -1;
            return buffer[pos++] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws java.io.IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, buffer.length - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws java.io.IOException {
            if (pos < buffer.length) return true;
            CellContext c = OWNER.get();
            String line = c == null ? null : c.readLine("");
            if (line == null) return false;
            buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }
}
