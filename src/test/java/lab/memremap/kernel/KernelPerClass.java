package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.types;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fixture most kernel tests share: one kernel with the default environment, started before the
 * test class and closed after it. Test classes run one after another, so the one static field serves each
 * subclass in turn; a class that needs its own environment or JVM flags starts its own kernel instead.
 */
abstract class KernelPerClass {
    static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    /** Runs a cell that must succeed and returns everything it published. */
    static List<Message> run(String code) {
        Message reply = kernel.execute(code, false);
        List<Message> out = kernel.drainUntilIdle(reply.parentHeader().get("msg_id").getAsString());
        assertEquals("ok", reply.content().get("status").getAsString(), code + "\n" + reply.content() + "\n" + types(out));
        return out;
    }
}
