package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.first;
import static lab.memremap.kernel.KernelProcess.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mistakes that used to be reported as success, or to leave the engine silently broken: declarations
 * JShell cannot complete, string literals too long for a class file, exceptions in a cell's threads.
 */
class SilentFailuresTest {
    static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(Map.of(), "-Xmx768m");
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    /** The reply, and the stream output the cell published (stdout and stderr together). */
    private record Ran(Message reply, String output) {
        String status() {
            return reply.content().get("status").getAsString();
        }

        String evalue() {
            return reply.content().has("evalue") ? reply.content().get("evalue").getAsString() : "";
        }
    }

    private static Ran run(String code) {
        Message reply = kernel.execute(code, false);
        List<Message> published = kernel.drainUntilIdle(reply.parentHeader().get("msg_id").getAsString());
        String output = published.stream().filter(m -> m.type().equals("stream"))
                .map(m -> m.content().get("text").getAsString()).collect(Collectors.joining());
        return new Ran(reply, output);
    }

    private static String value(String expression) {
        Message reply = kernel.execute(expression, false);
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
        return text(first(kernel.drainUntilIdle(reply.parentHeader().get("msg_id").getAsString()), "execute_result"));
    }

    @Test
    void aClassExtendingAMistypedDesignIsAnErrorInJshellsWords() {
        Ran r = run("class Mine extends D4_v6 {}");
        assertEquals("error", r.status());
        assertEquals("created class Mine, however, it cannot be referenced until class D4_v6 is declared", r.evalue());
    }

    @Test
    void aMissingImportIsAnError() {
        Ran r = run("class Holder { ZipFile zip; }");
        assertEquals("error", r.status());
        assertTrue(r.evalue().contains("cannot be referenced until class ZipFile is declared"), r.evalue());
    }

    @Test
    void aCellThatAlsoDefinesSomethingUsableSucceedsAndSaysWhatWasNot() {
        Ran r = run("class Later extends NotYetWritten {}\nint usableToo = 3;");
        assertEquals("ok", r.status(), r.reply().content().toString());
        assertTrue(r.output().contains("created class Later, however, it cannot be referenced until class NotYetWritten is declared"), r.output());
        assertEquals("3", value("usableToo"));
    }

    @Test
    void aMethodThatCallsSomethingUndeclaredIsCreatedWithANote() {
        Ran r = run("void later() { notYet(); }");
        assertEquals("ok", r.status());
        assertTrue(r.output().contains("created method later(), however, it cannot be invoked until method notYet() is declared"), r.output());
    }

    @Test
    void aStringLiteralTooLongForAClassFileIsRefusedAndLaterDeclarationsStillWork() {
        Ran r = run("String s70 = \"" + "x".repeat(70_000) + "\";");
        assertEquals("error", r.status());
        assertTrue(r.evalue().startsWith("constant string too long"), r.evalue());
        assertEquals("ok", run("int afterLongLiteral = 5;").status());
        assertEquals("5", value("afterLongLiteral"));
        assertEquals("ok", run("class AfterLongLiteral { }").status());
        assertEquals("true", value("new AfterLongLiteral() != null"));
    }

    @Test
    void aFiftyMegabyteLiteralDoesNotBreakTheEngine() {
        assertEquals("ok", run("int before50 = 7;").status());
        Ran r = run("String s50 = \"" + "y".repeat(50_000_000) + "\";");
        assertEquals("error", r.status());
        assertTrue(r.evalue().startsWith("constant string too long"), r.evalue());
        assertEquals("7", value("before50"), "the state is kept");
        assertEquals("ok", run("int after50 = 8;").status());
        assertEquals("8", value("after50"));
    }

    /** Constants folded by javac can still overflow the constant pool: the engine is restarted, and says so. */
    @Test
    void aFoldedConstantTooLongRestartsTheEngineAndSaysSo() {
        String half = "\"" + "z".repeat(40_000) + "\"";
        Ran r = run("String twice = " + half + " + " + half + ";");
        assertEquals("error", r.status());
        assertTrue(r.reply().content().get("traceback").toString().contains("restarted"), r.reply().content().toString());
        assertEquals("ok", run("int afterRestart = 9;").status());
        assertEquals("9", value("afterRestart"));
    }

    @Test
    void anUncaughtExceptionInACellsThreadIsShownInTheCell() {
        Ran r = run("Thread t = new Thread(() -> { throw new IllegalStateException(\"boom in a thread\"); });\n"
                + "t.start(); t.join();");
        assertEquals("ok", r.status());
        assertTrue(r.output().contains("Exception in thread \"Thread-"), r.output());
        assertTrue(r.output().contains("java.lang.IllegalStateException: boom in a thread"), r.output());
    }

    @Test
    void anOutOfMemoryErrorInACellsThreadIsShownInTheCell() {
        Ran r = run("Thread t = new Thread(() -> { long[] huge = new long[1 << 30]; }, \"hungry\");\nt.start(); t.join();");
        assertEquals("ok", r.status());
        assertTrue(r.output().contains("Exception in thread \"hungry\" java.lang.OutOfMemoryError"), r.output());
    }

    @Test
    void aThreadWithItsOwnHandlerKeepsIt() {
        Ran r = run("Thread t = new Thread(() -> { throw new IllegalStateException(\"handled\"); });\n"
                + "t.setUncaughtExceptionHandler((th, e) -> System.out.println(\"own handler: \" + e.getMessage()));\n"
                + "t.start(); t.join();");
        assertEquals("own handler: handled\n", r.output());
    }
}
