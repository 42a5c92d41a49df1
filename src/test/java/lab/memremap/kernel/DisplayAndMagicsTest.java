package lab.memremap.kernel;

import static lab.memremap.kernel.KernelProcess.first;
import static lab.memremap.kernel.KernelProcess.stdout;
import static lab.memremap.kernel.KernelProcess.text;
import static lab.memremap.kernel.KernelProcess.types;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import javax.tools.ToolProvider;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rich output, the IJava-compatible statics and magics, and completion, with the workbook preloaded. */
class DisplayAndMagicsTest extends KernelPerClass {

    @Test
    void pngOfAnImageHasEveryByte() throws Exception {
        JsonObject data = first(run("display(new java.awt.image.BufferedImage(333, 333, java.awt.image.BufferedImage.TYPE_INT_RGB));"),
                "display_data").getAsJsonObject("data");
        byte[] png = Base64.getDecoder().decode(data.get("image/png").getAsString());
        byte[] iend = {0x49, 0x45, 0x4e, 0x44, (byte) 0xae, 0x42, 0x60, (byte) 0x82};
        assertArrayEquals(iend, Arrays.copyOfRange(png, png.length - 8, png.length), "the PNG ends with its IEND chunk");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(333, decoded.getWidth());
    }

    @Test
    void displayIdIsNotEchoedAndUpdatesReachTheSameDisplay() {
        List<Message> shown = run("String id = display(\"first\");\nid");
        assertFalse(types(shown).contains("execute_result"), "the display id is not Out[n]");
        String id = first(shown, "display_data").getAsJsonObject("transient").get("display_id").getAsString();
        JsonObject update = first(run("updateDisplay(id, \"second\");"), "update_display_data");
        assertEquals(id, update.getAsJsonObject("transient").get("display_id").getAsString());
        assertEquals("second", text(update));
    }

    @Test
    void clearOutputSendsTheWaitFlag() {
        assertTrue(first(run("clearOutput(true);"), "clear_output").get("wait").getAsBoolean());
    }

    @Test
    void renderAsMarkdownBecomesOut() {
        JsonObject result = first(run("render(\"**bold**\", \"text/markdown\")"), "execute_result");
        assertEquals("**bold**", result.getAsJsonObject("data").get("text/markdown").getAsString());
    }

    @Test
    void tablesawTableIsAnHtmlTableWithAOneLineSummary() {
        JsonObject data = first(run("Table.create(\"pages\", IntColumn.create(\"pfn\", 1, 2, 3))"), "execute_result")
                .getAsJsonObject("data");
        assertTrue(data.get("text/html").getAsString().contains("<th>pfn</th>"));
        assertEquals("pages: 3 rows × 1 column", data.get("text/plain").getAsString());
        // Asked for text alone, the table's full text.
        JsonObject text = first(run("display(Table.create(\"pages\", IntColumn.create(\"pfn\", 7, 8)), \"text/plain\");"),
                "display_data").getAsJsonObject("data");
        assertFalse(text.has("text/html"));
        assertTrue(text.get("text/plain").getAsString().contains("pfn") && text.get("text/plain").getAsString().contains("8"),
                text.get("text/plain").getAsString());
    }

    @Test
    void xchartIsPngAndSvgOnRequestIsAnImgDataUri() throws Exception {
        run("XYChart chart = new XYChartBuilder().width(200).height(150).title(\"refs\").build();\n"
                + "chart.addSeries(\"r\", new double[] {1, 2, 3}, new double[] {1, 4, 9});");
        byte[] png = Base64.getDecoder().decode(first(run("chart"), "execute_result").getAsJsonObject("data")
                .get("image/png").getAsString());
        assertEquals(200, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
        JsonObject svg = first(run("display(chart, \"image/svg+xml\");"), "display_data").getAsJsonObject("data");
        assertTrue(svg.get("text/html").getAsString().startsWith("<img alt=\"refs\" src=\"data:image/svg+xml;base64,"));
        assertFalse(svg.has("image/svg+xml"), "no raw SVG: it breaks nbconvert's HTML export");
    }

    @Test
    void displayableModelObjectsRenderAsHtmlWithTheirSummaryAsText() {
        run("lab.memremap.model.Displayable shown = new lab.memremap.model.Displayable() {\n"
                + "  public String toHtml() { return \"<b>folio</b>\"; }\n"
                + "  public String toText() { return \"\\nfolio of order 9\\n  page[0] head\\n  page[1] tail\"; } };");
        JsonObject data = first(run("shown"), "execute_result").getAsJsonObject("data");
        assertEquals("<b>folio</b>", data.get("text/html").getAsString());
        // The summary by default: the first non-blank line of the text, not a second copy of it all.
        assertEquals("folio of order 9", data.get("text/plain").getAsString());
        JsonObject text = first(run("display(shown, \"text/plain\");"), "display_data").getAsJsonObject("data");
        assertEquals("\nfolio of order 9\n  page[0] head\n  page[1] tail", text.get("text/plain").getAsString());
    }

    @Test
    void ijavaFacadeAndRendererRegistrationWork() {
        JsonObject result = first(run("io.github.spencerpark.ijava.IJava.getKernelInstance().getRenderer()"
                + ".createRegistration(java.time.Year.class)"
                + ".preferring(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)"
                + ".register((y, ctx) -> ctx.renderIfRequested(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML, () -> \"<i>\" + y + \"</i>\"));\n"
                + "java.time.Year.of(2026)"), "execute_result");
        assertEquals("<i>2026</i>", result.getAsJsonObject("data").get("text/html").getAsString());
    }

    @Test
    void lineMagicAsAnExpressionAndJars() {
        Path jar = KernelProcess.projectJar("opentest4j");
        JsonObject result = first(run("List<String> added = %jars " + jar + "\nadded.size()"), "execute_result");
        assertEquals("1", text(result));
    }

    @Test
    void classpathMagicAddsADirectory(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/extra/Extra.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package extra; public class Extra { public static int answer() { return 42; } }");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
        run("%classpath " + classes);
        assertEquals("42", text(first(run("extra.Extra.answer()"), "execute_result")));
    }

    @Test
    void loadFindsAScriptWithoutItsExtension(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("setup.jsh"), "int loadedValue = 41 + 1;\n");
        List<Message> loading = run("%load " + dir.resolve("setup"));
        assertFalse(types(loading).contains("execute_result"), "%load shows no 'null' result: " + types(loading));
        assertEquals("42", text(first(run("loadedValue"), "execute_result")));
    }

    @Test
    void timeMagicPrintsTimesAndKeepsTheValue() {
        List<Message> messages = run("%time 6 * 7");
        assertTrue(stdout(messages).contains("Wall time:"), stdout(messages));
        List<Message> cell = run("%%time\nint timed = 5;\nSystem.out.println(timed * 2);");
        assertTrue(stdout(cell).contains("10"));
        assertTrue(stdout(cell).contains("Wall time:"));
    }

    @Test
    void helpPagesTheMagics() {
        Message reply = kernel.execute("%help", true);
        String page = reply.content().getAsJsonArray("payload").get(0).getAsJsonObject().getAsJsonObject("data")
                .get("text/plain").getAsString();
        assertTrue(page.contains("%maven") && page.contains("%jars") && page.contains("%%time"), page);
    }

    @Test
    void unknownMagicIsAClearError() {
        Message reply = kernel.execute("%nosuchmagic x", true);
        assertEquals("error", reply.content().get("status").getAsString());
        assertTrue(reply.content().toString().contains("nosuchmagic"), reply.content().toString());
    }

    @Test
    void completionOffersClassPathPackagesAndMagics() {
        assertTrue(complete("lab.memremap.").contains("model."));
        assertTrue(complete("import tech.tablesaw.").contains("api."));
        assertFalse(complete("lab.memremap.").contains("model"), "one form per package, the one JShell uses");
        assertTrue(complete("%mav").contains("%maven"));
        assertTrue(complete("Table.cre").stream().anyMatch(s -> s.startsWith("create")));
    }

    private static List<String> complete(String code) {
        JsonObject request = new JsonObject();
        request.addProperty("code", code);
        request.addProperty("cursor_pos", code.length());
        Message reply = kernel.request("complete_request", request);
        assertNotNull(reply.content().get("matches"));
        return KernelProcess.strings(reply.content().getAsJsonArray("matches"));
    }

    @Test
    void inspectionFindsTheWorkbookApi() {
        JsonObject request = new JsonObject();
        request.addProperty("code", "lab.memremap.kernel.render.WorkbookRenderers.register");
        request.addProperty("cursor_pos", request.get("code").getAsString().length());
        request.addProperty("detail_level", 0);
        Message reply = kernel.request("inspect_request", request);
        assertTrue(reply.content().get("found").getAsBoolean(), reply.content().toString());
    }

    @Test
    void inspectingAKernelFunctionShowsItsKernelSource() {
        JsonObject request = new JsonObject();
        request.addProperty("code", "Machine.boot(Config.defaults(), new D9_Mainline()).prep_compound_page");
        request.addProperty("cursor_pos", request.get("code").getAsString().length());
        request.addProperty("detail_level", 0);
        Message reply = kernel.request("inspect_request", request);
        assertTrue(reply.content().get("found").getAsBoolean(), reply.content().toString());
        String text = reply.content().getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(text.contains("source: mm/page_alloc.c"), text);
    }
}
