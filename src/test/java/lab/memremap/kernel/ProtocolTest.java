package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.execute;
import static lab.memremap.kernel.KernelProcess.first;
import static lab.memremap.kernel.KernelProcess.stdout;
import static lab.memremap.kernel.KernelProcess.text;
import static lab.memremap.kernel.KernelProcess.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.Test;

/** The protocol points the base library gets wrong, checked against a running kernel. */
class ProtocolTest extends KernelPerClass {

    @Test
    void kernelInfoCarriesStatusAndLowerCaseJava() {
        Message reply = kernel.request("kernel_info_request", new JsonObject());
        assertEquals("ok", reply.content().get("status").getAsString());
        JsonObject language = reply.content().getAsJsonObject("language_info");
        assertEquals("java", language.get("name").getAsString());
        assertEquals(".jshell", language.get("file_extension").getAsString());
        assertEquals("memremap-lab", reply.content().get("implementation").getAsString());
    }

    @Test
    void silentPublishesNothingAndDoesNotCount() {
        int before = kernel.execute("int silentProbe = 1;", true).content().get("execution_count").getAsInt();
        JsonObject request = execute("System.out.println(\"quiet\"); 42");
        request.addProperty("silent", true);
        String id = kernel.send(kernel.shell, "execute_request", request);
        Message reply = kernel.awaitReply(id, kernel.shell);
        assertEquals("ok", reply.content().get("status").getAsString());
        List<Message> published = kernel.drainUntilIdle(id);
        assertEquals(List.of("status", "status"), types(published), "only busy and idle");
        int after = kernel.execute("silentProbe", true).content().get("execution_count").getAsInt();
        assertEquals(before + 1, after, "the silent cell took no execution count");
    }

    @Test
    void storeHistoryFalseDoesNotCount() {
        int before = kernel.execute("2", true).content().get("execution_count").getAsInt();
        JsonObject request = execute("3");
        request.addProperty("store_history", false);
        kernel.awaitReply(kernel.send(kernel.shell, "execute_request", request), kernel.shell);
        int after = kernel.execute("4", true).content().get("execution_count").getAsInt();
        assertEquals(before + 1, after);
    }

    @Test
    void userExpressionsAreEvaluated() {
        JsonObject request = execute("int ue = 20;");
        JsonObject expressions = new JsonObject();
        expressions.addProperty("doubled", "ue * 2");
        expressions.addProperty("broken", "nope(");
        request.add("user_expressions", expressions);
        Message reply = kernel.awaitReply(kernel.send(kernel.shell, "execute_request", request), kernel.shell);
        JsonObject results = reply.content().getAsJsonObject("user_expressions");
        assertEquals("ok", results.getAsJsonObject("doubled").get("status").getAsString());
        assertEquals("40", text(results.getAsJsonObject("doubled")));
        assertEquals("error", results.getAsJsonObject("broken").get("status").getAsString());
    }

    @Test
    void anErrorAbortsTheCellsQueuedBehindIt() {
        String failing = kernel.send(kernel.shell, "execute_request",
                execute("Thread.sleep(500); throw new IllegalStateException(\"first\");"));
        String queued1 = kernel.send(kernel.shell, "execute_request", execute("int abortedProbe = 1;"));
        String queued2 = kernel.send(kernel.shell, "execute_request", execute("2"));
        assertEquals("error", kernel.awaitReply(failing, kernel.shell).content().get("status").getAsString());
        assertEquals("aborted", kernel.awaitReply(queued1, kernel.shell).content().get("status").getAsString());
        assertEquals("aborted", kernel.awaitReply(queued2, kernel.shell).content().get("status").getAsString());
        Message probe = kernel.execute("abortedProbe", true);
        assertEquals("error", probe.content().get("status").getAsString(), "the aborted cell never ran");
    }

    @Test
    void withoutStopOnErrorQueuedCellsRun() {
        JsonObject failing = execute("Thread.sleep(300); throw new IllegalStateException(\"x\");");
        failing.addProperty("stop_on_error", false);
        String f = kernel.send(kernel.shell, "execute_request", failing);
        String next = kernel.send(kernel.shell, "execute_request", execute("5 * 5"));
        assertEquals("error", kernel.awaitReply(f, kernel.shell).content().get("status").getAsString());
        assertEquals("ok", kernel.awaitReply(next, kernel.shell).content().get("status").getAsString());
    }

    @Test
    void errorsNameTheRealExceptionAndCellLine() {
        String id = kernel.send(kernel.shell, "execute_request",
                execute("int a = 1;\nint b = 2;\nthrow new IllegalArgumentException(\"bad value \" + b);"));
        Message reply = kernel.awaitReply(id, kernel.shell);
        assertEquals("java.lang.IllegalArgumentException", reply.content().get("ename").getAsString());
        assertEquals("bad value 2", reply.content().get("evalue").getAsString());
        JsonObject error = first(kernel.drainUntilIdle(id), "error");
        assertTrue(error.get("traceback").toString().contains("cell line 3"), error.toString());
    }

    @Test
    void compileErrorsPointAtTheCode() {
        Message reply = kernel.execute("int ok = 1;\nString s = 42;", true);
        assertEquals("CompilationError", reply.content().get("ename").getAsString());
        assertTrue(reply.content().get("evalue").getAsString().contains("incompatible types"), reply.content().toString());
        assertTrue(reply.content().get("traceback").toString().contains("cell line 2"), reply.content().toString());
    }

    @Test
    void aBadlySignedMessageIsDroppedAndTheKernelKeepsAnswering() {
        String bad = kernel.sendBadlySigned(kernel.shell, "execute_request", execute("int forged = 1;"));
        assertNull(kernel.replyWithin(bad, kernel.shell, Duration.ofMillis(500)));
        Message info = kernel.request("kernel_info_request", new JsonObject());
        assertEquals("ok", info.content().get("status").getAsString());
        assertEquals("error", kernel.execute("forged", true).content().get("status").getAsString(),
                "the forged cell must not have run");
    }

    @Test
    void backgroundThreadOutputReachesTheCellThatStartedIt() {
        String id = kernel.send(kernel.shell, "execute_request", execute(
                "new Thread(() -> { try { Thread.sleep(400); } catch (InterruptedException e) {} "
                        + "System.out.println(\"from the background\"); }).start();"));
        kernel.awaitReply(id, kernel.shell);
        kernel.execute("1", true);  // another cell runs meanwhile
        List<Message> messages = kernel.iopubFor(id, Duration.ofSeconds(3));
        assertTrue(stdout(messages).contains("from the background"), types(messages).toString());
    }

    @Test
    void aFloodOfSmallWritesIsCoalesced() {
        String id = kernel.send(kernel.shell, "execute_request",
                execute("for (int i = 0; i < 20000; i++) System.out.print(i % 10);"));
        kernel.awaitReply(id, kernel.shell);
        List<Message> messages = kernel.drainUntilIdle(id);
        String text = stdout(messages);
        assertEquals(20000, text.length());
        long streams = messages.stream().filter(m -> m.type().equals("stream")).count();
        assertTrue(streams < 200, "20000 prints became " + streams + " stream messages");
    }

    @Test
    void historyKeepsInputsAndOutputs() {
        kernel.execute("6 * 7", true);
        JsonObject request = new JsonObject();
        request.addProperty("hist_access_type", "tail");
        request.addProperty("n", 1);
        request.addProperty("output", true);
        request.addProperty("raw", true);
        Message reply = kernel.request("history_request", request);
        assertEquals("ok", reply.content().get("status").getAsString());
        var row = reply.content().getAsJsonArray("history").get(0).getAsJsonArray();
        assertEquals("6 * 7", row.get(2).getAsJsonArray().get(0).getAsString());
        assertEquals("42", row.get(2).getAsJsonArray().get(1).getAsString());
    }

    @Test
    void questionMarkPagesDocumentation() {
        Message reply = kernel.execute("?String.valueOf", true);
        var payload = reply.content().getAsJsonArray("payload");
        assertEquals(1, payload.size());
        assertEquals("page", payload.get(0).getAsJsonObject().get("source").getAsString());
        assertTrue(payload.get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString().contains("valueOf"));
    }

    @Test
    void inspectionWorksWithTheCursorAtTheEndOfAName() {
        JsonObject request = new JsonObject();
        request.addProperty("code", "Math.max");
        request.addProperty("cursor_pos", 8);
        request.addProperty("detail_level", 0);
        Message reply = kernel.request("inspect_request", request);
        assertTrue(reply.content().get("found").getAsBoolean(), reply.content().toString());
        assertTrue(reply.content().getAsJsonObject("data").get("text/plain").getAsString().contains("max("));
    }

    @Test
    void isCompleteAnswersInvalidAndIndents() {
        assertEquals("invalid", isComplete("int x = ;").get("status").getAsString());
        JsonObject incomplete = isComplete("if (true) {");
        assertEquals("incomplete", incomplete.get("status").getAsString());
        assertEquals("  ", incomplete.get("indent").getAsString());
        assertEquals("complete", isComplete("int y = 1;").get("status").getAsString());
    }

    /** Code that cannot parse is invalid, even where JShell's own analysis calls it complete. */
    @Test
    void isCompleteParsesWithTheCompiler() {
        for (String bad : List.of("int x = 1 +* 2;", "int 1x = 2;", "int a = 1;\nint b = 2 +* 3;", "class C { void m() { int = 3; } }"))
            assertEquals("invalid", isComplete(bad).get("status").getAsString(), bad);
        for (String good : List.of("notDefinedYet + 1", "1 + 2", "System.out.println(1)", "var v = new ArrayList<String>();",
                "import java.util.concurrent.*;", "class Mine extends NoSuchDesign { }", "void m() { undefined(); }",
                "record P(int x) { }", "for (int i = 0; i < 3; i++) System.out.println(i);", "%maven org.example:x:1"))
            assertEquals("complete", isComplete(good).get("status").getAsString(), good);
    }

    private static JsonObject isComplete(String code) {
        JsonObject request = new JsonObject();
        request.addProperty("code", code);
        return kernel.request("is_complete_request", request).content();
    }

    @Test
    void unknownRequestsAndCommsGetAnswers() {
        Message reply = kernel.request("usage_request", new JsonObject());
        assertEquals("error", reply.content().get("status").getAsString());
        JsonObject open = new JsonObject();
        open.addProperty("comm_id", "c1");
        open.addProperty("target_name", "no.such.target");
        open.add("data", new JsonObject());
        String id = kernel.send(kernel.shell, "comm_open", open);
        assertTrue(types(kernel.drainUntilIdle(id)).contains("comm_close"));
        Message info = kernel.request("comm_info_request", new JsonObject());
        assertEquals("ok", info.content().get("status").getAsString());
    }

    @Test
    void stdinRoundTrip() {
        JsonObject request = execute("new Scanner(System.in).nextLine().toUpperCase()");
        request.addProperty("allow_stdin", true);
        String id = kernel.send(kernel.shell, "execute_request", request);
        Message inputRequest = kernel.awaitReply(id, kernel.stdin);
        assertEquals("input_request", inputRequest.type());
        JsonObject answer = new JsonObject();
        answer.addProperty("value", "typed");
        kernel.send(kernel.stdin, "input_reply", answer);
        kernel.awaitReply(id, kernel.shell);
        assertEquals("TYPED", text(first(kernel.drainUntilIdle(id), "execute_result")));
    }

    @Test
    void stdinWithoutPermissionSaysInputIsNotAvailableHere() {
        Message reply = kernel.execute("new Scanner(System.in).nextLine()", true);
        assertEquals("error", reply.content().get("status").getAsString());
        assertTrue(reply.content().get("evalue").getAsString().contains("input is not available here"), reply.content().toString());
    }

    /** An interrupted prompt is abandoned: the next cell's prompt appears and gets its own answer. */
    @Test
    void anInterruptedPromptDoesNotHoldUpTheNextOne() throws Exception {
        Message reply = interruptAtThePrompt("new Scanner(System.in).nextLine()");
        assertEquals("error", reply.content().get("status").getAsString());
        assertTheNextPromptIsAnswered("second");
    }

    /**
     * The interrupt abandons the question at the channel, not only through the cell's thread: a prompt
     * from a thread the interrupt does not stop (here a helper thread the cell waits for) must not hold up
     * the next one.
     */
    @Test
    void anInterruptAbandonsAQuestionWhoseThreadDoesNotStop() throws Exception {
        interruptAtThePrompt("Thread asker = new Thread(() -> { try { new Scanner(System.in).nextLine(); }"
                + " catch (Throwable ignored) { } }); asker.start(); asker.join();");
        assertTheNextPromptIsAnswered("third");
    }

    /** Runs {@code code}, which asks for input, interrupts it at its prompt, and returns its shell reply. */
    private static Message interruptAtThePrompt(String code) {
        JsonObject request = execute(code);
        request.addProperty("allow_stdin", true);
        String abandoned = kernel.send(kernel.shell, "execute_request", request);
        assertEquals("input_request", kernel.awaitReply(abandoned, kernel.stdin).type());
        String interrupt = kernel.send(kernel.control, "interrupt_request", new JsonObject());
        kernel.awaitReply(interrupt, kernel.control);
        Message reply = kernel.awaitReply(abandoned, kernel.shell);
        kernel.drainUntilIdle(abandoned);
        return reply;
    }

    /** The next cell that asks for input gets its prompt, and the answer {@code value} reaches it. */
    private static void assertTheNextPromptIsAnswered(String value) {
        JsonObject second = execute("new Scanner(System.in).nextLine().toUpperCase()");
        second.addProperty("allow_stdin", true);
        String id = kernel.send(kernel.shell, "execute_request", second);
        assertEquals("input_request", kernel.awaitReply(id, kernel.stdin).type(), "the second prompt must appear");
        JsonObject answer = new JsonObject();
        answer.addProperty("value", value);
        kernel.send(kernel.stdin, "input_reply", answer);
        kernel.awaitReply(id, kernel.shell);
        assertEquals(value.toUpperCase(), text(first(kernel.drainUntilIdle(id), "execute_result")));
    }

    @Test
    void aTrailingSemicolonHidesTheValue() {
        String id = kernel.send(kernel.shell, "execute_request", execute("\"shown\";"));
        kernel.awaitReply(id, kernel.shell);
        assertFalse(types(kernel.drainUntilIdle(id)).contains("execute_result"));
        String id2 = kernel.send(kernel.shell, "execute_request", execute("\"shown\""));
        kernel.awaitReply(id2, kernel.shell);
        assertNotNull(first(kernel.drainUntilIdle(id2), "execute_result"));
    }
}
