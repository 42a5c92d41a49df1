package lab.memremap.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.memremap.kernel.KernelProcess;
import lab.memremap.kernel.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Every fenced {@code java} block in README.md and in the notebooks' markdown cells runs, in order, on a
 * fresh kernel per document, as a reader would paste it into a cell. A block that is deliberately not
 * runnable on its own says so in its info string ({@code ```java fragment}); the test reports how many do.
 */
class FencedJavaBlocksTest {
    private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*```java([ \\t]+fragment)?[ \\t]*\\n(.*?)^[ \\t]*```[ \\t]*$", Pattern.DOTALL);

    /** A block, where it is, and whether it is marked as a fragment. */
    record Block(String where, String code, boolean fragment) {}

    static List<Block> blocks(String where, String markdown) {
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        for (int n = 1; m.find(); n++) out.add(new Block(where + " block " + n, m.group(2), m.group(1) != null));
        return out;
    }

    /** The documents: README.md, then each notebook's markdown cells, in order. */
    static Map<String, List<Block>> documents() throws IOException {
        Map<String, List<Block>> docs = new java.util.LinkedHashMap<>();
        docs.put("README.md", blocks("README.md", Files.readString(Path.of("README.md"))));
        Path notebooks = Path.of("notebooks");
        if (!Files.isDirectory(notebooks)) return docs;
        try (Stream<Path> files = Files.list(notebooks)) {
            for (Path nb : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                JsonObject json = new JsonParser().parse(Files.readString(nb)).getAsJsonObject();
                List<Block> found = new ArrayList<>();
                int cell = 0;
                for (JsonElement c : json.getAsJsonArray("cells")) {
                    cell++;
                    JsonObject o = c.getAsJsonObject();
                    if (!o.get("cell_type").getAsString().equals("markdown")) continue;
                    found.addAll(blocks(nb.getFileName() + " cell " + cell, source(o.get("source"))));
                }
                docs.put(nb.getFileName().toString(), found);
            }
        }
        return docs;
    }

    private static String source(JsonElement source) {
        if (!source.isJsonArray()) return source.getAsString();
        StringBuilder s = new StringBuilder();
        for (JsonElement line : (JsonArray) source) s.append(line.getAsString());
        return s.toString();
    }

    @Test
    void findsTheFencesAndTheirMarks() {
        List<Block> b = blocks("t", "text\n```java\nint a = 1;\n```\nmore\n```java fragment\nfoo(\n```\n```python\nx\n```\n");
        assertEquals(List.of(new Block("t block 1", "int a = 1;\n", false), new Block("t block 2", "foo(\n", true)), b);
    }

    @Test
    void everyFencedJavaBlockRuns(TestReporter report) throws Exception {
        int ran = 0, fragments = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<Block>> doc : documents().entrySet()) {
            List<Block> runnable = doc.getValue().stream().filter(b -> !b.fragment()).toList();
            fragments += doc.getValue().size() - runnable.size();
            if (runnable.isEmpty()) continue;
            try (KernelProcess kernel = new KernelProcess(Map.of())) {
                for (Block b : runnable) {
                    Message reply = kernel.execute(b.code(), true);
                    ran++;
                    if (!reply.content().get("status").getAsString().equals("ok"))
                        failures.add(b.where() + ": " + reply.content().get("ename") + ": " + reply.content().get("evalue")
                                + "\n" + reply.content().get("traceback"));
                }
            }
        }
        String summary = ran + " fenced java blocks ran, " + fragments + " marked as fragments (```java fragment)";
        System.out.println(summary);
        report.publishEntry("fenced java blocks", summary);
        assertTrue(ran > 0, "README.md's example must be found");
        assertEquals(List.of(), failures);
    }
}
