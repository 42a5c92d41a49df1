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
 * {@code jupyter.widget.version} and gets the version it asks for; widgets then speak protocol 1 (flat
 * state from {@code jupyter-js-widgets}, a display message, backbone messages back). A kernel of its own:
 * the front end's protocol holds for the whole session.
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
    void aProtocol1FrontEndGetsItsVersionAndWidgetsSpeakProtocol1() {
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

        // A slider: flat state from jupyter-js-widgets, and a display message for its cell.
        Message reply = kernel.request("execute_request", KernelProcess.execute(
                "var d = Dropdown.of(\"a\", \"b\"); d.value(\"b\"); var s = IntSlider.builder().max(9).value(2).build(); new VBox(s, d)"));
        assertEquals("ok", reply.content().get("status").getAsString());
        String cell = reply.parentHeader().get("msg_id").getAsString();
        List<Message> out = kernel.drainUntilIdle(cell);
        List<JsonObject> opens = out.stream().filter(m -> m.type().equals("comm_open")).map(Message::content).toList();
        assertEquals(3, opens.size(), "the slider, the dropdown and the box");
        JsonObject slider = opens.get(0).getAsJsonObject("data");
        assertEquals("IntSliderModel", slider.get("_model_name").getAsString());
        assertEquals("jupyter-js-widgets", slider.get("_model_module").getAsString());
        assertEquals("~2.1.4", slider.get("_model_module_version").getAsString());
        assertEquals(2, slider.get("value").getAsInt());
        assertFalse(slider.has("state"), "protocol 1 state is flat");
        JsonObject dropdown = opens.get(1).getAsJsonObject("data");
        assertEquals("b", dropdown.get("value").getAsString(), "protocol 1 selects by label");
        assertFalse(dropdown.has("index"));
        String box = opens.get(2).get("comm_id").getAsString();
        List<Message> displays = out.stream().filter(m -> m.type().equals("comm_msg")
                && m.content().get("comm_id").getAsString().equals(box)).toList();
        assertEquals(1, displays.size(), "one display message: one view");
        assertEquals("display", displays.get(0).content().getAsJsonObject("data").get("method").getAsString());
        JsonObject result = first(out, "execute_result").getAsJsonObject("data");
        assertFalse(result.has("text/html"), "the view replaces the output; nothing else shows");
        // The front end's backbone message: the kernel takes the value, and the label of a selection.
        String sliderId = opens.get(0).get("comm_id").getAsString();
        String dropdownId = opens.get(1).get("comm_id").getAsString();
        kernel.drainUntilIdle(kernel.send(kernel.shell, "comm_msg", backbone(sliderId, "value", 7)));
        kernel.drainUntilIdle(kernel.send(kernel.shell, "comm_msg", backbone(dropdownId, "value", "a")));
        Message check = kernel.request("execute_request", KernelProcess.execute("s.value() + \" \" + d.value()"));
        List<Message> checked = kernel.drainUntilIdle(check.parentHeader().get("msg_id").getAsString());
        assertEquals("7 a", KernelProcess.text(first(checked, "execute_result")));
        // A kernel-side change goes out as protocol 1's update.
        Message set = kernel.request("execute_request", KernelProcess.execute("d.value(\"b\");"));
        JsonObject update = first(kernel.drainUntilIdle(set.parentHeader().get("msg_id").getAsString()), "comm_msg").getAsJsonObject("data");
        assertEquals("update", update.get("method").getAsString());
        assertEquals("b", update.getAsJsonObject("state").get("value").getAsString());
        assertTrue(update.has("buffers"));
        assertTrue(kernel.iopubFor(id, Duration.ofMillis(300)).stream().noneMatch(m -> m.type().equals("error")));
        // An image: base64 text in _b64value, as ipywidgets 6 has it.
        Message img = kernel.request("execute_request", KernelProcess.execute("Image.png(new byte[] {1, 2, 3})"));
        JsonObject imageState = first(kernel.drainUntilIdle(img.parentHeader().get("msg_id").getAsString()), "comm_open").getAsJsonObject("data");
        assertEquals("AQID", imageState.get("_b64value").getAsString());
        assertFalse(imageState.has("value"));
    }

    private static JsonObject backbone(String commId, String field, Object value) {
        JsonObject sync = new JsonObject();
        if (value instanceof Number n) sync.addProperty(field, n);
        else sync.addProperty(field, (String) value);
        JsonObject data = new JsonObject();
        data.addProperty("method", "backbone");
        data.add("sync_data", sync);
        data.add("buffer_keys", new com.google.gson.JsonArray());
        JsonObject c = new JsonObject();
        c.addProperty("comm_id", commId);
        c.add("data", data);
        return c;
    }
}
