package lab.memremap.golden;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import lab.memremap.design.Designs;
import org.junit.jupiter.api.Test;

/**
 * The committed golden traces from real kernels (./workbook kernel-traces) replayed on the model:
 * Linux 7.2 against D9, Linux 6.12 against D0 before 6.15, every step, page and field.
 */
class GoldenReplayTest {
    @Test
    void bothKernelsHaveCommittedTraces() {
        List<String> names = GoldenTraces.names();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("7.2/")), "no Linux 7.2 trace in golden/index: " + names);
        assertTrue(names.stream().anyMatch(n -> n.startsWith("6.12/")), "no Linux 6.12 trace in golden/index: " + names);
    }

    @Test
    void everyTraceMatchesTheDesignOfItsKernel() {
        for (GoldenTrace t : GoldenTraces.all()) {
            Replay r = Replay.run(t);
            assertTrue(r.matches(), r.summary());
            assertEquals(t.steps().size(), r.modelSteps().size(), t.name());
        }
    }

    /** The traced kernels print WARN splats (CONFIG_BUG=y); their designs warn at the same steps. */
    @Test
    void everyDesignWarnsWhereItsKernelWarned() {
        for (GoldenTrace t : GoldenTraces.all()) {
            Replay r = Replay.run(t);
            assertTrue(r.warningsTraced(), t.name() + " on " + t.series() + " was made without CONFIG_BUG: " + t.header().get("config"));
            assertEquals(List.of(), r.warningDifferences(), r.summary());
        }
    }

    @Test
    void anAlteredTraceFailsAtTheAlteredStepPageAndField() {
        GoldenTrace t = GoldenTrace.load("7.2", "k1-reinit");
        // The order-9 folio of step 2: claim its head had a refcount of 2.
        String[] lines = t.text().split("\n", -1);
        int step2 = indexOf(lines, "step 2 ");
        int head = step2;
        while (!lines[head].startsWith("+0 ")) head++;
        assertTrue(lines[head].contains(" ref=1 "), lines[head]);
        lines[head] = lines[head].replace(" ref=1 ", " ref=2 ");
        GoldenTrace altered = GoldenTrace.parse(String.join("\n", lines), "7.2", "k1-reinit-altered");
        Replay r = Replay.run(altered);
        Replay.Difference d = r.firstDifference().orElseThrow(() -> new AssertionError("the altered trace still matches"));
        assertEquals(2, d.step(), d.toString());
        assertEquals("vram +0", d.page(), d.toString());
        assertEquals("ref", d.field(), d.toString());
        assertEquals("2", d.kernel(), d.toString());
        assertEquals("1", d.model(), d.toString());
    }

    @Test
    void aTraceWithAStepMoreThanTheModelFails() {
        GoldenTrace t = GoldenTrace.load("7.2", "k1-reinit");
        String extra = t.text().replace("end ok", "step 99 free z\npgmap vram ref=0 mode=exited\nend ok");
        Replay r = Replay.run(GoldenTrace.parse(extra, "7.2", "k1-extra"));
        assertEquals(99, r.firstDifference().orElseThrow().step());
    }

    /** D7 (v7, 6.19-rc1) leaves the freed folio's tail encoding in page 1; the January 2026 re-init wipes it. */
    @Test
    void d7DepartsFromLinux72AtTheReinitStep() {
        GoldenTrace t = GoldenTrace.load("7.2", "k1-reinit");
        Replay r = Replay.run(t, Designs.byName("D7"));
        Replay.Difference d = r.firstDifference().orElseThrow(() -> new AssertionError("D7 matched Linux 7.2"));
        assertEquals("alloc b vram order 0 at 1", d.command(), d.toString());
        assertEquals("vram +1", d.page(), d.toString());
        assertEquals("w1", d.field(), d.toString());
        assertEquals("pgmap:vram", d.kernel(), d.toString());
        assertEquals("tail:+0", d.model(), d.toString());
        // D8 is v7 plus the January 2026 re-init: it gets past that step.
        Replay d8 = Replay.run(t, Designs.byName("D8"));
        assertTrue(d8.firstDifference().map(x -> x.step() > d.step()).orElse(true), d8.summary());
    }

    @Test
    void d4AlsoDepartsAtTheReinitStep() {
        Replay r = Replay.run(GoldenTrace.load("7.2", "k1-reinit"), Designs.byName("D4"));
        assertEquals("alloc b vram order 0 at 1", r.firstDifference().orElseThrow().command(), r.summary());
        // Where D4 departs reads exactly as where D7 does: notebook 6 groups the designs by it.
        Replay d7 = Replay.run(GoldenTrace.load("7.2", "k1-reinit"), Designs.byName("D7"));
        assertEquals(d7.verdict(), r.verdict());
        assertEquals("D4 vs " + r.summary().substring(r.summary().indexOf(" vs ") + 4), r.summary());
        assertTrue(r.summary().endsWith(": " + r.verdict()), r.summary());
    }

    /** Labels, not addresses: a trace must not change between builds and boots. */
    @Test
    void tracesHoldNoKernelAddresses() {
        Pattern address = Pattern.compile("0xffff[0-9a-f]{12}");
        for (GoldenTrace t : GoldenTraces.all())
            for (String l : t.text().split("\n"))
                if (!l.startsWith("# ")) assertFalse(address.matcher(l).find(), t.name() + ": " + l);
    }

    /** Each trace says where it came from, and the raw serial log it was cut from is committed beside it. */
    @Test
    void everyTraceNamesItsKernelSourceAndConfigAndHasItsSerialLog() throws Exception {
        for (GoldenTrace t : GoldenTraces.all()) {
            String kernel = t.header().get("kernel");
            assertNotNull(kernel, t.name());
            assertTrue(kernel.startsWith("Linux version " + t.series() + "."), kernel);
            assertTrue(t.header().getOrDefault("source", "").matches("linux-source-" + Pattern.quote(t.series()) + " \\S+ sha256 [0-9a-f]{64}"),
                    t.header().get("source"));
            assertTrue(t.header().getOrDefault("config", "").contains("CONFIG_MEMCG=y"), t.header().get("config"));
            try (InputStream in = GoldenTrace.class.getResourceAsStream(GoldenTrace.ROOT + "linux-" + t.series() + "/serial.log")) {
                assertNotNull(in, "no serial.log beside " + t.name());
                String log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(log.contains("kernel-traces: version: " + kernel), "serial.log of " + t.series() + " has another /proc/version");
                assertTrue(log.contains("kernel-traces: run " + t.name()), t.name());
            }
        }
    }

    /** The trace embeds the sequence it ran; it must be the committed examples/kernel file. */
    @Test
    void everyTraceRanTheCommittedSequence() throws Exception {
        for (GoldenTrace t : GoldenTraces.all()) {
            String file = Files.readString(Path.of("examples/kernel", t.name() + ".scn"));
            assertEquals(file.strip(), t.sequence().strip(), "examples/kernel/" + t.name() + ".scn changed since its trace was made:"
                    + " run ./workbook kernel-traces");
        }
    }

    private static int indexOf(String[] lines, String prefix) {
        for (int i = 0; i < lines.length; i++) if (lines[i].startsWith(prefix)) return i;
        throw new AssertionError("no line starting " + prefix);
    }
}
