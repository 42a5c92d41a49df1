package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.first;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Map;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MEMREMAP_LAB_PRELOAD=0: a stand-in for a stock IJava kernel, and the one-call renderer registration. */
class BareKernelTest {
    static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(Map.of("MEMREMAP_LAB_PRELOAD", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    @Test
    void noWorkbookImportsButIJavaDefaults() {
        assertEquals("CompilationError", kernel.execute("Table.create(\"t\")", true).content().get("ename").getAsString());
        assertEquals("ok", kernel.execute("List<Integer> l = new ArrayList<>();", true).content().get("status").getAsString());
    }

    @Test
    void workbookRenderersArriveWithOneCall() {
        String table = "tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"n\", 1))";
        Message before = kernel.execute(table, false);
        JsonObject plain = first(kernel.drainUntilIdle(before.parentHeader().get("msg_id").getAsString()), "execute_result");
        assertFalse(plain.getAsJsonObject("data").has("text/html"), "a stock kernel shows tables as text only");

        kernel.execute("lab.memremap.kernel.render.WorkbookRenderers.register(getKernelInstance().getRenderer());", true);
        Message after = kernel.execute(table, false);
        JsonObject rich = first(kernel.drainUntilIdle(after.parentHeader().get("msg_id").getAsString()), "execute_result");
        assertTrue(rich.getAsJsonObject("data").get("text/html").getAsString().contains("<table"));
    }
}
