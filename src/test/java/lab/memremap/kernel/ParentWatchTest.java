package lab.memremap.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A kernel whose launcher dies (SIGKILL, no shutdown_request) exits by itself, as ipykernel's does. */
class ParentWatchTest {

    @Test
    void theKernelExitsWhenTheProcessNamedInJpyParentPidIsKilled() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "600").start();
        try (KernelProcess kernel = new KernelProcess(Map.of("JPY_PARENT_PID", String.valueOf(launcher.pid())))) {
            assertFalse(kernel.exitsWithin(java.time.Duration.ofMillis(1500)), "the launcher is alive: the kernel stays");
            launcher.destroyForcibly().waitFor();
            assertTrue(kernel.exitsWithin(KernelProcess.WAIT), "the kernel outlived its launcher\n" + kernel.log());
            assertTrue(kernel.log().contains("JPY_PARENT_PID=" + launcher.pid() + ") is gone"), kernel.log());
        } finally {
            launcher.destroyForcibly();
        }
    }
}
