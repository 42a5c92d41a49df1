package lab.memremap.kernel;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Ends the kernel when the process that launched it is gone, as ipykernel does: Jupyter's kernel manager
 * puts its own pid in {@code JPY_PARENT_PID}; if that process dies without shutting the kernel down
 * (SIGKILL, a crash), nobody else ever will. Checked once a second, like ipykernel's parent poller: the
 * parent must be alive and, if it was our direct parent, still be it (a dead parent's child is re-parented,
 * while the dead parent may linger as a zombie).
 */
final class ParentWatch {
    private static final Logger LOG = Logger.getLogger(ParentWatch.class.getName());
    private static final long INTERVAL_MS = 1000;

    private ParentWatch() {}

    /** Starts watching the process named by {@code JPY_PARENT_PID}, if the environment names one. */
    static void start(Map<String, String> env) {
        String value = env.getOrDefault("JPY_PARENT_PID", "").strip();
        if (value.isEmpty()) return;
        long pid;
        try {
            pid = Long.parseLong(value);
        } catch (NumberFormatException e) {
            LOG.warning("ignoring JPY_PARENT_PID=" + value + ": not a process id");
            return;
        }
        if (pid <= 1) return;  // init adopts everything; there is nothing to watch
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        boolean direct = directParent() == pid;
        Thread watch = new Thread(() -> {
            while (parent.isPresent() && parent.get().isAlive() && (!direct || directParent() == pid)) {
                try {
                    Thread.sleep(INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            LOG.warning("the process that launched the kernel (JPY_PARENT_PID=" + pid + ") is gone; the kernel exits");
            Runtime.getRuntime().halt(1);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static long directParent() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
}
