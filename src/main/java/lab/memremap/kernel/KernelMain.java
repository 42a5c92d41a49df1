package lab.memremap.kernel;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import lab.memremap.kernel.io.OutputRouter;
import lab.memremap.kernel.protocol.ConnectionInfo;
import lab.memremap.kernel.protocol.KernelServer;

/**
 * Starts the kernel: {@code java -cp memremap-lab.jar lab.memremap.kernel.KernelMain <connection file>}.
 * With {@code --warm-up} instead of a connection file, it runs a few cells and exits: the installer uses
 * that run to record the classes of an AppCDS archive for fast start-up.
 */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file> | --warm-up | --jshell-timing");
            System.exit(2);
        }
        if (args[0].equals("--warm-up")) {
            WarmUp.run();
            return;
        }
        if (args[0].equals("--jshell-timing")) {
            WarmUp.jshellTiming();
            return;
        }
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(Path.of(args[0]));
        } catch (java.io.IOException e) {
            System.err.println("memremap-lab kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        KernelSettings settings = KernelSettings.from(System.getenv());
        for (String ignored : settings.ignored()) {
            System.err.println("memremap-lab kernel: " + ignored);
            Logger.getLogger(KernelSettings.class.getName()).warning(ignored);
        }
        OutputRouter.install();
        WorkbookKernel kernel = new WorkbookKernel(settings);
        try {
            new KernelServer(info, kernel).start();
            ParentWatch.start(System.getenv());
        } catch (RuntimeException e) {
            Logger.getLogger(KernelMain.class.getName()).log(Level.SEVERE, "cannot start the kernel", e);
            System.exit(1);
        }
    }
}
