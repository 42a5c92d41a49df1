package lab.memremap.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Map;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.Test;

/**
 * shutdown_request: the reply arrives, then the process ends, its sockets closed first (so the JVM need
 * not wait for threads in native code) without a complaint in the log. How fast is measured by kernel/bench.
 */
class ShutdownTest {

    @Test
    void theReplyArrivesAndTheKernelEndsQuietly() throws Exception {
        try (KernelProcess kernel = new KernelProcess(Map.of())) {
            kernel.execute("int x = 1;", true);
            String id = kernel.send(kernel.control, "shutdown_request", new JsonObject());
            Message reply = kernel.awaitReply(id, kernel.control);
            assertEquals("ok", reply.content().get("status").getAsString());
            assertTrue(kernel.exitsWithin(KernelProcess.WAIT), kernel.log());
            assertFalse(kernel.log().contains("WARNING"), kernel.log());
            assertFalse(kernel.log().contains("Exception"), kernel.log());
        }
    }
}
