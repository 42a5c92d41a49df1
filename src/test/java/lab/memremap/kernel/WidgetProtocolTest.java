package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.first;
import static lab.memremap.kernel.KernelProcess.types;
import static lab.memremap.widgets.FrontendMessages.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.Test;

/**
 * Jupyter widgets at the protocol level, as a front end (JupyterLab's widget manager) would drive them:
 * comm lifecycle, state sync both ways, request_state, binary buffers, callback output and errors, an
 * interrupt during a callback, bad messages, and the stepper built on the widgets.
 */
class WidgetProtocolTest extends KernelPerClass {
    private static final Duration SHORT = Duration.ofSeconds(10);

    private static String value(String expression) {
        List<Message> out = run(expression);
        return KernelProcess.text(first(out, "execute_result")).replaceAll("^\"|\"$", "");
    }

    private static JsonObject commMsg(String commId, JsonObject data) {
        JsonObject c = new JsonObject();
        c.addProperty("comm_id", commId);
        c.add("data", data);
        return c;
    }

    /** Sends a comm_msg from the "front end" and returns its msg_id. */
    private static String send(String commId, JsonObject data) {
        return kernel.send(kernel.shell, "comm_msg", commMsg(commId, data));
    }

    /** The iopub messages with parent {@code msgId} arriving within {@code wait}, until one matches {@code until}. */
    private static List<Message> until(String msgId, Predicate<Message> until) {
        long deadline = System.nanoTime() + SHORT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> seen = kernel.iopubFor(msgId, Duration.ofMillis(200));
            if (seen.stream().anyMatch(until)) return seen;
        }
        throw new AssertionError("nothing matching arrived for " + msgId + "\n" + kernel.log());
    }

    private static Predicate<Message> updateOf(String commId, String field) {
        return m -> m.type().equals("comm_msg") && m.content().get("comm_id").getAsString().equals(commId)
                && m.content().getAsJsonObject("data").has("state")
                && m.content().getAsJsonObject("data").getAsJsonObject("state").has(field);
    }

    private static JsonObject stateOf(List<Message> ms, String commId, String field) {
        for (Message m : ms) if (updateOf(commId, field).test(m)) return m.content().getAsJsonObject("data").getAsJsonObject("state");
        throw new AssertionError("no update of " + field + " on " + commId + " among " + types(ms));
    }

    @Test
    void aDisplayedWidgetOpensItsCommAndShowsTheWidgetView() {
        List<Message> out = run("var s1 = IntSlider.builder().min(0).max(10).value(4).description(\"k\").build(); s1");
        JsonObject open = first(out, "comm_open");
        assertEquals("jupyter.widget", open.get("target_name").getAsString());
        String id = open.get("comm_id").getAsString();
        JsonObject state = open.getAsJsonObject("data").getAsJsonObject("state");
        assertEquals("IntSliderModel", state.get("_model_name").getAsString());
        assertEquals("@jupyter-widgets/controls", state.get("_model_module").getAsString());
        assertEquals(4, state.get("value").getAsInt());
        assertEquals(0, open.getAsJsonObject("data").getAsJsonArray("buffer_paths").size());
        Message openMessage = out.stream().filter(m -> m.type().equals("comm_open")).findFirst().orElseThrow();
        assertEquals("2.1.0", openMessage.metadata().get("version").getAsString());
        JsonObject result = first(out, "execute_result").getAsJsonObject("data");
        JsonObject view = result.getAsJsonObject("application/vnd.jupyter.widget-view+json");
        assertEquals(id, view.get("model_id").getAsString());
        assertEquals(2, view.get("version_major").getAsInt());
        assertTrue(result.get("text/plain").getAsString().startsWith("IntSlider(value=4"));
        assertTrue(types(out).indexOf("comm_open") < types(out).indexOf("execute_result"), "the model exists before its view");
        assertEquals(id, value("s1.modelId()"));
    }

    @Test
    void commInfoListsOpenCommsFilteredByTargetAndCommCloseRemovesThem() {
        run("var ci = Checkbox.of(\"x\", true); display(ci);");
        String id = value("ci.modelId()");
        JsonObject q = new JsonObject();
        q.addProperty("target_name", "jupyter.widget");
        JsonObject comms = kernel.request("comm_info_request", q).content().getAsJsonObject("comms");
        assertTrue(comms.has(id));
        assertEquals("jupyter.widget", comms.getAsJsonObject(id).get("target_name").getAsString());
        q.addProperty("target_name", "some.other.target");
        assertEquals(0, kernel.request("comm_info_request", q).content().getAsJsonObject("comms").size());
        JsonObject close = commMsg(id, new JsonObject());
        kernel.drainUntilIdle(kernel.send(kernel.shell, "comm_close", close));
        q.addProperty("target_name", "jupyter.widget");
        assertFalse(kernel.request("comm_info_request", q).content().getAsJsonObject("comms").has(id));
        assertEquals("false", value("ci.isOpen()"));
    }

    @Test
    void stateSyncsBothWaysAndTheKernelClampsWhatTheFrontEndSends() {
        run("var s2 = IntSlider.builder().min(0).max(10).build(); var seen2 = new ArrayList<Object>();"
                + " s2.observe(\"value\", c -> seen2.add(c.newValue())); display(s2);");
        String id = value("s2.modelId()");
        String m = send(id, update("value", 7));
        kernel.drainUntilIdle(m);
        until(m, x -> x.type().equals("status"));
        assertEquals("7", waitForValue("s2.value()", "7"));
        assertEquals("[7]", value("seen2.toString()"));
        // The kernel side changes it: the front end gets an update.
        List<Message> out = run("s2.value(3);");
        assertEquals(3, stateOf(out, id, "value").get("value").getAsInt());
        // Out of range from the front end: the kernel keeps it in range and says so.
        String big = send(id, update("value", 99));
        assertEquals(10, stateOf(until(big, updateOf(id, "value")), id, "value").get("value").getAsInt());
        assertEquals("10", waitForValue("s2.value()", "10"));
    }

    /** Front-end messages are handled on the callback thread: wait until the cell sees the effect. */
    private static String waitForValue(String expression, String expected) {
        long deadline = System.nanoTime() + SHORT.toNanos();
        String v = value(expression);
        while (!v.equals(expected) && System.nanoTime() < deadline) v = value(expression);
        return v;
    }

    @Test
    void requestStateIsAnsweredWithTheFullState() {
        run("var d3 = Dropdown.of(\"a\", \"b\", \"c\"); d3.value(\"b\"); display(d3);");
        String id = value("d3.modelId()");
        JsonObject ask = new JsonObject();
        ask.addProperty("method", "request_state");
        JsonObject state = stateOf(until(send(id, ask), updateOf(id, "_model_name")), id, "_model_name");
        assertEquals("DropdownModel", state.get("_model_name").getAsString());
        assertEquals(1, state.get("index").getAsInt());
        assertEquals(List.of("a", "b", "c"), KernelProcess.strings(state.getAsJsonArray("_options_labels")));
    }

    @Test
    void imageBytesTravelAsBinaryBuffersBothWays() {
        List<Message> out = run("var im = Image.png(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}); im");
        Message open = out.stream().filter(m -> m.type().equals("comm_open")).findFirst().orElseThrow();
        JsonArray paths = open.content().getAsJsonObject("data").getAsJsonArray("buffer_paths");
        assertEquals("[[\"value\"]]", paths.toString());
        assertEquals(1, open.buffers().size());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}, open.buffers().get(0));
        String id = open.content().get("comm_id").getAsString();
        JsonObject data = update("format", "png");
        data.getAsJsonObject("state").add("value", com.google.gson.JsonNull.INSTANCE);
        JsonArray bp = new JsonArray();
        JsonArray p = new JsonArray();
        p.add("value");
        bp.add(p);
        data.add("buffer_paths", bp);
        kernel.drainUntilIdle(kernel.sendWithBuffers(kernel.shell, "comm_msg", commMsg(id, data), List.of(new byte[] {9, 8, 7, 6, 5})));
        assertEquals("5", waitForValue("im.value().length", "5"));
    }

    @Test
    void aCallbacksOutputGoesToItsOutputWidget() {
        run("var out5 = new Output(); var b5 = Button.of(\"go\"); b5.output(out5);"
                + " b5.onClick(b -> System.out.println(\"clicked \" + b.description())); display(new VBox(b5, out5));");
        String button = value("b5.modelId()");
        String output = value("out5.modelId()");
        JsonObject click = new JsonObject();
        click.addProperty("method", "custom");
        JsonObject content = new JsonObject();
        content.addProperty("event", "click");
        click.add("content", content);
        String m = send(button, click);
        List<Message> seen = until(m, x -> x.type().equals("stream"));
        // The output widget captures the click's messages: its msg_id is the click's, then cleared.
        JsonObject capture = stateOf(seen, output, "msg_id");
        assertEquals(m, capture.get("msg_id").getAsString());
        assertEquals("clicked go\n", KernelProcess.stdout(seen));
        seen = until(m, x -> updateOf(output, "msg_id").test(x) && x.content().getAsJsonObject("data")
                .getAsJsonObject("state").get("msg_id").getAsString().isEmpty());
        assertTrue(types(seen).indexOf("stream") < lastIndex(seen, updateOf(output, "msg_id")));
    }

    private static int lastIndex(List<Message> ms, Predicate<Message> p) {
        int last = -1;
        for (int i = 0; i < ms.size(); i++) if (p.test(ms.get(i))) last = i;
        return last;
    }

    @Test
    void aThrowingCallbackShowsItsErrorAndTheWidgetKeepsWorking() {
        run("var out6 = new Output(); var s6 = IntSlider.builder().max(5).build(); s6.output(out6);"
                + " var after6 = new ArrayList<Integer>();"
                + " s6.observe(\"value\", c -> { if ((Integer) c.newValue() == 3) throw new IllegalStateException(\"three is bad\"); });"
                + " s6.observe(\"value\", c -> after6.add((Integer) c.newValue())); display(new VBox(s6, out6));");
        String id = value("s6.modelId()");
        String bad = send(id, update("value", 3));
        List<Message> seen = until(bad, x -> x.type().equals("error"));
        JsonObject error = first(seen, "error");
        assertEquals("java.lang.IllegalStateException", error.get("ename").getAsString());
        assertEquals("three is bad", error.get("evalue").getAsString());
        String good = send(id, update("value", 4));
        kernel.drainUntilIdle(good);
        assertEquals("[3, 4]", waitForValue("after6.toString()", "[3, 4]"));
        assertEquals("4", value("s6.value()"));
    }

    @Test
    void anInterruptStopsACallbackAndLaterCallbacksStillRun() {
        run("var out7 = new Output(); var b7 = Button.of(\"slow\"); b7.output(out7); var clicks7 = new java.util.concurrent.atomic.AtomicInteger();"
                + " b7.onClick(b -> { if (clicks7.incrementAndGet() == 1) { try { Thread.sleep(60_000); }"
                + " catch (InterruptedException e) { throw new IllegalStateException(\"interrupted while sleeping\"); } } });"
                + " display(new VBox(b7, out7));");
        String id = value("b7.modelId()");
        String output = value("out7.modelId()");
        JsonObject click = new JsonObject();
        click.addProperty("method", "custom");
        JsonObject content = new JsonObject();
        content.addProperty("event", "click");
        click.add("content", content);
        String slow = send(id, click);
        // The callback is running (and the shell waits for it, as ipykernel's does).
        until(slow, updateOf(output, "msg_id"));
        long t0 = System.nanoTime();
        kernel.awaitReply(kernel.send(kernel.control, "interrupt_request", new JsonObject()), kernel.control);
        JsonObject error = first(until(slow, x -> x.type().equals("error")), "error");
        assertEquals("interrupted while sleeping", error.get("evalue").getAsString());
        assertTrue(System.nanoTime() - t0 < SHORT.toNanos());
        kernel.drainUntilIdle(send(id, click));
        assertEquals("2", waitForValue("clicks7.get()", "2"));
    }

    @Test
    void unknownCommsAndMalformedWidgetMessagesNeverBreakTheKernel() {
        run("var s8 = IntSlider.builder().max(10).value(2).build(); display(s8);");
        String id = value("s8.modelId()");
        kernel.drainUntilIdle(send("no-such-comm", update("value", 1)));
        JsonObject noMethod = new JsonObject();
        noMethod.addProperty("state", "not an object");
        kernel.drainUntilIdle(send(id, noMethod));
        kernel.drainUntilIdle(send(id, update("value", "abc")));
        kernel.drainUntilIdle(send(id, update("value", 2.5)));
        JsonObject weird = new JsonObject();
        weird.addProperty("method", "frobnicate");
        kernel.drainUntilIdle(send(id, weird));
        JsonObject noId = new JsonObject();
        kernel.drainUntilIdle(kernel.send(kernel.shell, "comm_msg", noId));
        JsonObject open = new JsonObject();
        open.addProperty("comm_id", "c8");
        open.addProperty("target_name", "no.such.target");
        open.add("data", new JsonObject());
        assertTrue(types(kernel.drainUntilIdle(kernel.send(kernel.shell, "comm_open", open))).contains("comm_close"));
        assertEquals("2", value("s8.value()"), "no bad message changed the slider");
        kernel.drainUntilIdle(send(id, update("value", 6)));
        assertEquals("6", waitForValue("s8.value()", "6"), "and it still syncs");
    }

    @Test
    void theStepperShowsTheCachedStepTheSliderPicks() {
        List<Message> out = run("var st = Stepper.of(Scenarios.S1, Designs.D4); st");
        JsonObject data = first(out, "execute_result").getAsJsonObject("data");
        assertTrue(data.has("application/vnd.jupyter.widget-view+json"));
        String fallback = data.get("text/html").getAsString();
        assertTrue(fallback.contains("percpu_ref_tryget_many") && fallback.contains("memunmap_pages"), "the steps are the fallback: " + fallback);
        assertTrue(data.get("text/plain").getAsString().startsWith("S1 on D4"));
        assertFalse(data.get("text/plain").getAsString().contains("\n"), "beside the HTML, text/plain is one line");
        String slider = value("st.slider().modelId()");
        String pictureId = value("st.children().get(2) instanceof HBox h ? h.children().get(0).modelId() : \"\"");
        int k = Integer.parseInt(value("st.steps().size() / 2"));
        String expected = value("st.steps().picture(" + k + ").toHtml()");
        String m = send(slider, update("value", k));
        JsonObject picture = stateOf(until(m, updateOf(pictureId, "value")), pictureId, "value");
        assertEquals(expected, picture.get("value").getAsString());
        // Another design: the kernel log changes.
        String logId = value("st.children().get(4).modelId()");
        String designs = value("st.designs().modelId()");
        kernel.drainUntilIdle(send(slider, update("value", 1000)));   // the last step: D4 leaks, D7 does not
        String before = value("st.steps().logHtml(st.steps().size())");
        int d7 = Integer.parseInt(value("st.designs().options().indexOf(st.designs().options().stream().filter(d -> d.name().equals(\"D7\")).findFirst().get())"));
        String pick = send(designs, update("index", d7));
        JsonObject log = stateOf(until(pick, updateOf(logId, "value")), logId, "value");
        assertNotEquals(before, log.get("value").getAsString());
        assertEquals("D7", waitForValue("st.steps().design().name()", "D7"));
    }

    @Test
    void theWidgetApiIsPreloadedAndFoundByTabCompletion() {
        for (String[] probe : new String[][] {{"IntSlider.buil", "builder("}, {"Stepper.o", "of("}, {"Link.js", "jslink("},
                {"Dropdown.o", "of("}}) {
            JsonObject q = new JsonObject();
            q.addProperty("code", probe[0]);
            q.addProperty("cursor_pos", probe[0].length());
            Message reply = kernel.request("complete_request", q);
            List<String> matches = KernelProcess.strings(reply.content().getAsJsonArray("matches"));
            assertTrue(matches.stream().anyMatch(m -> m.startsWith(probe[1])), probe[0] + " completes to " + matches);
        }
    }

    @Test
    void callbackThreadsEndWhenTheFrontEndIsQuiet() throws Exception {
        run("var s10 = IntSlider.builder().build(); display(s10);");
        kernel.drainUntilIdle(send(value("s10.modelId()"), update("value", 5)));
        String count = "Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(\"comm-\")).count()";
        long deadline = System.nanoTime() + SHORT.toNanos();
        String n = value(count);
        while (!n.equals("0") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            n = value(count);
        }
        assertEquals("0", n, "no comm thread lingers once nothing arrives");
    }
}
