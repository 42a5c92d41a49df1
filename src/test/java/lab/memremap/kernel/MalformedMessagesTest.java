package lab.memremap.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Correctly signed messages that a buggy client could send: each is dropped (or answered with an error)
 * and every channel keeps answering afterwards, shell and control alike.
 */
class MalformedMessagesTest extends KernelPerClass {

    private static final String DEEP = "[".repeat(20_000) + "]".repeat(20_000);

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"msg_id\": \"m1\", \"msg_type\": null}",
        "{\"msg_id\": \"m2\", \"msg_type\": {\"a\": 1}}",
        "{\"msg_id\": \"m3\", \"msg_type\": [\"execute_request\"]}",
        "{\"msg_id\": {\"x\": 1}, \"msg_type\": \"kernel_info_request\"}",
        "[\"not\", \"an\", \"object\"]",
        "{\"msg_id\": \"m4\", \"msg_type\": \"execute_request\", \"deep\": " + "[[[[]]]]" + "}",
        "DEEP",
    })
    void aMalformedMessageLeavesShellAndControlAnswering(String header) {
        String h = header.equals("DEEP") ? "{\"msg_id\": \"m5\", \"msg_type\": \"execute_request\", \"deep\": " + DEEP + "}" : header;
        kernel.sendRaw(kernel.shell, h, "{\"code\": \"1\"}");
        kernel.sendRaw(kernel.control, h, "{\"code\": \"1\"}");
        assertAnswering();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[1, 2]", "{\"code\": " + "[[[[1]]]]" + "}", "DEEP"})
    void malformedContentLeavesTheKernelAnswering(String content) {
        String c = content.equals("DEEP") ? "{\"code\": " + DEEP + "}" : content;
        kernel.sendRaw(kernel.shell, "{\"msg_id\": \"c1\", \"msg_type\": \"execute_request\"}", c);
        assertAnswering();
    }

    /** A request of a known type whose fields have the wrong types gets an error reply, not silence. */
    @ParameterizedTest
    @ValueSource(strings = {"complete_request", "inspect_request"})
    void aRequestWithFieldsOfTheWrongTypeIsAnsweredWithAnError(String type) {
        kernel.sendRaw(kernel.shell, "{\"msg_id\": \"bad-" + type + "\", \"msg_type\": \"" + type + "\"}",
                "{\"code\": \"Math.\", \"cursor_pos\": {\"not\": \"a number\"}}");
        Message reply = kernel.awaitReply("bad-" + type, kernel.shell);
        assertEquals("error", reply.content().get("status").getAsString(), reply.content().toString());
        assertAnswering();
    }

    private static void assertAnswering() {
        assertEquals("ok", kernel.request("kernel_info_request", new JsonObject()).content().get("status").getAsString());
        String info = kernel.send(kernel.control, "kernel_info_request", new JsonObject());
        assertEquals("ok", kernel.awaitReply(info, kernel.control).content().get("status").getAsString());
        assertEquals("ok", kernel.execute("1 + 1", true).content().get("status").getAsString());
    }
}
