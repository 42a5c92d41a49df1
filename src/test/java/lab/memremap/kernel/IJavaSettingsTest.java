package lab.memremap.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A kernelspec written for IJava or JJava: IJAVA_TIMEOUT / JJAVA_TIMEOUT limit a cell, and the settings
 * this kernel does not honour are named at start-up. Also %vars.
 */
class IJavaSettingsTest {
    static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(Map.of("JJAVA_TIMEOUT", "3 SECONDS", "JJAVA_JVM_OPTS", "-Xmx2g",
                "IJAVA_SOMETHING_NEW", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    @Test
    void aCellOverTheTimeLimitIsStoppedAndSaysWhy() {
        Message reply = kernel.execute("long spins = 0; while (true) { spins++; }", true);
        assertEquals("error", reply.content().get("status").getAsString());
        assertEquals("Timeout", reply.content().get("ename").getAsString(), reply.content().toString());
        assertTrue(reply.content().get("evalue").getAsString().contains("3000 ms (IJAVA_TIMEOUT)"), reply.content().toString());
        assertEquals("ok", kernel.execute("1 + 1", true).content().get("status").getAsString());
    }

    @Test
    void aCellUnderTheTimeLimitRunsNormally() {
        assertEquals("ok", kernel.execute("Thread.sleep(500);", true).content().get("status").getAsString());
    }

    @Test
    void ignoredSettingsAreNamedAtStartUp() {
        String log = kernel.log();
        assertTrue(log.contains("JJAVA_JVM_OPTS is ignored: JVM options come from the kernelspec's argv"), log);
        assertTrue(log.contains("IJAVA_SOMETHING_NEW is ignored"), log);
        assertTrue(!log.contains("JJAVA_TIMEOUT is ignored"), log);
    }

    @Test
    void timeLimitsAreReadAsIJavaReadsThem() {
        List<String> ignored = new ArrayList<>();
        assertEquals(Duration.ofMillis(500), KernelSettings.timeLimit("500", ignored));
        assertEquals(Duration.ofSeconds(30), KernelSettings.timeLimit("30 SECONDS", ignored));
        assertEquals(Duration.ofMinutes(2), KernelSettings.timeLimit("2 minutes", ignored));
        assertNull(KernelSettings.timeLimit("-1", ignored));
        assertEquals(List.of(), ignored);
        assertNull(KernelSettings.timeLimit("soon", ignored));
        assertTrue(ignored.get(0).contains("=soon is ignored"), ignored.toString());
    }

    @Test
    void varsListsTheCellVariablesWithTypeAndValue() {
        kernel.execute("int answer = 42; String greeting = \"hello\"; List<Integer> few = List.of(1, 2);", true);
        Message reply = kernel.execute("%vars", false);
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
        String out = kernel.drainUntilIdle(reply.parentHeader().get("msg_id").getAsString()).stream()
                .filter(m -> m.type().equals("stream")).map(m -> m.content().get("text").getAsString())
                .collect(Collectors.joining());
        assertTrue(out.startsWith("Variable"), out);
        assertTrue(out.matches("(?s).*\\nanswer +int +42\\n.*"), out);
        assertTrue(out.matches("(?s).*\\ngreeting +String +\"hello\"\\n.*"), out);
        assertTrue(out.matches("(?s).*\\nfew +List<Integer> +\\[1, 2\\]\\n.*"), out);
    }
}
