package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.execute;
import static lab.memremap.kernel.KernelProcess.first;
import static lab.memremap.kernel.KernelProcess.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Map;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults a cell can cause, and that the kernel must survive: a busy loop (interrupt), System.exit,
 * stack overflow, heap exhaustion. Runs on the JDK named by {@code kernel.java} (17 or 25).
 */
class FaultsTest {
    static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(Map.of(), "-Xmx192m");
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    private static void interruptWhenRunning(String cellId) throws InterruptedException {
        // Give the cell time to enter its loop; the interrupt must work whenever it arrives.
        Thread.sleep(500);
        assertNull(kernel.replyWithin(cellId, kernel.shell, Duration.ofMillis(1)), "the cell ended on its own");
        String interrupt = kernel.send(kernel.control, "interrupt_request", new JsonObject());
        assertEquals("ok", kernel.awaitReply(interrupt, kernel.control).content().get("status").getAsString());
    }

    @Test
    void anInterruptReallyStopsATightLoop() throws Exception {
        kernel.execute("java.util.concurrent.atomic.AtomicLong spins = new java.util.concurrent.atomic.AtomicLong();", true);
        String loop = kernel.send(kernel.shell, "execute_request", execute("while (true) { spins.incrementAndGet(); }"));
        interruptWhenRunning(loop);
        Message reply = kernel.awaitReply(loop, kernel.shell);
        assertEquals("error", reply.content().get("status").getAsString());
        assertEquals("Interrupted", reply.content().get("ename").getAsString());
        assertFalse(reply.content().get("traceback").toString().contains("restarted"), reply.content().toString());
        Message probe = kernel.execute("spins.get()", false);
        assertEquals("ok", probe.content().get("status").getAsString(), probe.content().toString());
        long first = Long.parseLong(text(first(kernel.drainUntilIdle(probe.parentHeader().get("msg_id").getAsString()), "execute_result")));
        Thread.sleep(300);
        long later = Long.parseLong(text(first(kernel.drainUntilIdle(
                kernel.execute("spins.get()", false).parentHeader().get("msg_id").getAsString()), "execute_result")));
        assertTrue(first > 0, "the loop ran");
        assertEquals(first, later, "the loop must have stopped, not just been reported as interrupted");
    }

    /** Races and matrix runs in a cell end every thread they start: JShell joins a cell's threads. */
    @Test
    void cellsThatRunRacesAndMatricesLeaveNoModelThreadAlive() throws Exception {
        String modelThreads = "Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive()"
                + " && (t.getName().startsWith(\"model-cpu\") || t.getName().equals(\"matrix\"))).count()";
        for (int i = 0; i < 3; i++) {
            Message race = kernel.execute("lab.memremap.scenario.Scenarios.S3.run(lab.memremap.design.Designs.byName(\"D4\"));", true);
            assertEquals("ok", race.content().get("status").getAsString(), race.content().toString());
            Message matrix = kernel.execute("lab.memremap.matrix.Matrix.of(lab.memremap.design.Designs.byName(\"D9\"))"
                    + ".scenarios(lab.memremap.scenario.Scenarios.S10).run();", true);
            assertEquals("ok", matrix.content().get("status").getAsString(), matrix.content().toString());
        }
        Message count = kernel.execute(modelThreads, false);
        assertEquals("0", text(first(kernel.drainUntilIdle(count.parentHeader().get("msg_id").getAsString()), "execute_result")));
    }

    /**
     * A loop inside library code: JDK 17 stops it (Thread.stop); from JDK 20 JShell can only stop snippet
     * code, so the kernel gives up the engine after a grace period and says so. Either way the cell's
     * report must match what happened to the kernel's state.
     */
    @Test
    void aLoopInLibraryCodeIsStoppedOrTheEngineHonestlyRestarted() throws Exception {
        kernel.execute("int survivor = 1;", true);
        String loop = kernel.send(kernel.shell, "execute_request",
                execute("java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum()"));
        interruptWhenRunning(loop);
        Message reply = kernel.awaitReply(loop, kernel.shell);
        assertEquals("Interrupted", reply.content().get("ename").getAsString());
        boolean saysRestarted = reply.content().get("traceback").toString().contains("restarted");
        boolean stateSurvived = kernel.execute("survivor", true).content().get("status").getAsString().equals("ok");
        assertEquals(!saysRestarted, stateSurvived, reply.content().toString());
        assertEquals("ok", kernel.execute("1 + 1", true).content().get("status").getAsString());
    }

    @Test
    void anInterruptStopsASleep() throws Exception {
        String sleep = kernel.send(kernel.shell, "execute_request", execute("Thread.sleep(600_000);"));
        interruptWhenRunning(sleep);
        assertEquals("Interrupted", kernel.awaitReply(sleep, kernel.shell).content().get("ename").getAsString());
        assertEquals("ok", kernel.execute("1 + 1", true).content().get("status").getAsString());
    }

    @Test
    void systemExitEndsTheCellNotTheKernel() {
        Message exit = kernel.execute("System.out.println(\"before\");\nSystem.exit(3);\nSystem.out.println(\"after\");", true);
        assertEquals("SystemExit", exit.content().get("ename").getAsString());
        assertTrue(exit.content().get("evalue").getAsString().contains("3"));
        Message halt = kernel.execute("Runtime.getRuntime().halt(1);", true);
        assertEquals("SystemExit", halt.content().get("ename").getAsString());
        Message method = kernel.execute("void quit() { System.exit(0); }\nquit();", true);
        assertEquals("SystemExit", method.content().get("ename").getAsString());
        assertTrue(kernel.isAlive());
        assertEquals("ok", kernel.execute("2 + 2", true).content().get("status").getAsString());
    }

    @Test
    void aStackOverflowIsReportedAndTheKernelStaysUsable() {
        kernel.execute("int deep(int n) { return deep(n + 1) + 1; }", true);
        Message reply = kernel.execute("deep(0)", true);
        assertEquals("java.lang.StackOverflowError", reply.content().get("ename").getAsString());
        assertTrue(reply.content().getAsJsonArray("traceback").size() < 40, "the traceback is cut short");
        assertEquals("ok", kernel.execute("int afterOverflow = 3;", true).content().get("status").getAsString());
    }

    @Test
    void runningOutOfMemoryInACellKeepsTheKernelState() {
        kernel.execute("int keptAcrossOom = 7;", true);
        Message reply = kernel.execute(
                "{ List<long[]> hog = new ArrayList<>();\n  while (true) hog.add(new long[8 << 20]); }", true);
        assertEquals("java.lang.OutOfMemoryError", reply.content().get("ename").getAsString(), reply.content().toString());
        assertTrue(reply.content().get("traceback").toString().contains("state is kept"), reply.content().toString());
        Message after = kernel.execute("keptAcrossOom", false);
        assertEquals("7", text(first(kernel.drainUntilIdle(after.parentHeader().get("msg_id").getAsString()), "execute_result")));
    }

    @Test
    void aVariableHoldingTheHeapFullRestartsTheEngineAndSaysSo() {
        kernel.execute("int lostInRestart = 7;", true);
        Message reply = kernel.execute(
                "List<long[]> held = new ArrayList<>();\nwhile (true) held.add(new long[1 << 21]);", true);
        assertEquals("java.lang.OutOfMemoryError", reply.content().get("ename").getAsString(), reply.content().toString());
        assertTrue(reply.content().get("traceback").toString().contains("restarted"), reply.content().toString());
        assertEquals("ok", kernel.execute("1 + 1", true).content().get("status").getAsString());
        assertEquals("error", kernel.execute("lostInRestart", true).content().get("status").getAsString(),
                "the restart really dropped the old state, as the cell said");
    }
}
