package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.first;
import static lab.memremap.kernel.KernelProcess.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classic Notebook 6 with Debian's ipywidgets 6 (widget protocol 1): it opens a comm to
 * {@code jupyter.widget.version}, gets the version it asks for, and widgets then show their static
 * fallback instead of opening comms it would not understand. A kernel of its own: the front end's
 * protocol holds for the whole session.
 */
class WidgetProtocol1Test {
    static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    @Test
    void aProtocol1FrontEndGetsItsVersionAndTheStepperFallsBackToItsTable() {
        JsonObject open = new JsonObject();
        open.addProperty("comm_id", "version-comm");
        open.addProperty("target_name", "jupyter.widget.version");
        open.add("data", new JsonObject());
        String id = kernel.send(kernel.shell, "comm_open", open);
        List<Message> answer = kernel.drainUntilIdle(id);
        JsonObject msg = first(answer, "comm_msg");
        assertEquals("version-comm", msg.get("comm_id").getAsString());
        assertEquals("~2.1.4", msg.getAsJsonObject("data").get("version").getAsString());
        assertFalse(types(answer).contains("comm_close"));
        // The front end answers {validated: true}; the kernel takes it quietly.
        JsonObject validated = new JsonObject();
        validated.addProperty("comm_id", "version-comm");
        JsonObject data = new JsonObject();
        data.addProperty("validated", true);
        data.addProperty("frontend_version", "2.1.4");
        validated.add("data", data);
        kernel.drainUntilIdle(kernel.send(kernel.shell, "comm_msg", validated));

        Message reply = kernel.request("execute_request", KernelProcess.execute("Stepper.of(Scenarios.S5, Designs.D7)"));
        assertEquals("ok", reply.content().get("status").getAsString());
        List<Message> out = kernel.drainUntilIdle(reply.parentHeader().get("msg_id").getAsString());
        assertFalse(types(out).contains("comm_open"), "no protocol-2 comms for a protocol-1 front end");
        JsonObject result = first(out, "execute_result").getAsJsonObject("data");
        assertFalse(result.has("application/vnd.jupyter.widget-view+json"));
        assertTrue(result.get("text/html").getAsString().contains("kernel primitive"));
        assertTrue(result.get("text/plain").getAsString().startsWith("S5 on D7: WARN"));
        assertFalse(types(out).contains("error"));
        assertTrue(kernel.iopubFor(id, Duration.ofMillis(300)).stream().noneMatch(m -> m.type().equals("error")));
    }
}
