package lab.memremap.kernel.magics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * {@code %time statement} and {@code %%time}: runs the code and prints its wall-clock and CPU time (the one
 * place the kernel prints a time into a cell). The code's value is returned, so Out[n] still shows it.
 */
public final class TimeMagic {
    private final MagicHost host;

    public TimeMagic(MagicHost host) {
        this.host = host;
    }

    public void register(MagicCatalog catalog) {
        catalog.line("time", "run the rest of the line and print how long it took", args -> time(String.join(" ", args)));
        catalog.cell("time", "run the cell body and print how long it took", (args, body) -> time(body));
    }

    public Object time(String code) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        try {
            return host.evalNested(code);
        } finally {
            double wallMs = (System.nanoTime() - start) / 1e6;
            String line = String.format(Locale.ROOT, "Wall time: %.1f ms", wallMs);
            if (cpu) line += String.format(Locale.ROOT, " (CPU: %.1f ms)", (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6);
            System.out.println(line);
        }
    }
}
