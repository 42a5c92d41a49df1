package lab.memremap.fidelity;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import lab.memremap.design.Designs;
import lab.memremap.matrix.Matrix;
import lab.memremap.matrix.MatrixResult;
import lab.memremap.model.Config;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.model.PrintkFormats;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every kernel-log line the model prints matches a printk format of the kernel version it models, and
 * each format is cited to a line that really holds it (issue 10). Old output this rejects: "note: mapping
 * of pfn 0x100000 touched after the free callback handed the folio back", "memremap_pages: xe-vram
 * MEMORY_DEVICE_PRIVATE pfn ...", "WARNING: CPU: 0 PID: 1000 at mm/memremap.c free_zone_device_folio" on a
 * 6.19 design, "RIP: 0010:free_zone_device_folio (Cannot read field ...)", "head: pfn:0x100000 (this page is a tail)".
 */
class PrintkFormatsTest {

    static void assertKernelFormats(Machine m, String where, List<String> bad) {
        String version = m.kernelVersion();
        for (KernelLog.Entry e : m.log().entries())
            for (String line : e.text().split("\n"))
                if (PrintkFormats.match(line, version) == null) bad.add(where + " (" + version + "): " + line);
    }

    @Test
    void everyLineOfEveryMatrixCellIsAKernelFormatOfItsVersion() {
        List<String> bad = new ArrayList<>();
        for (Config c : List.of(Config.defaults(), Config.defaults().withDebugVm(false))) {
            MatrixResult r = Matrix.full().config(c).run();
            for (var s : Scenarios.all())
                for (var d : Designs.names()) {
                    ScenarioResult cell = r.get(s.id(), d);
                    assertKernelFormats(cell.machine(), s.id() + "/" + d + (c.debugVm ? "" : " (DEBUG_VM=n)"), bad);
                }
        }
        assertTrue(bad.isEmpty(), bad.size() + " lines in no catalogued format, e.g.:\n" + String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    @Test
    void theWarningLineChangesWith28ea295f941e() {
        assertNotNull(PrintkFormats.match("WARNING: mm/memremap.c:431 at free_zone_device_folio+0x?/0x?, CPU#0: hmm-tests/1000", "6.19"));
        assertNull(PrintkFormats.match("WARNING: mm/memremap.c:431 at free_zone_device_folio+0x?/0x?, CPU#0: hmm-tests/1000", "6.17"));
        assertNotNull(PrintkFormats.match("WARNING: CPU: 0 PID: 1000 at mm/memremap.c:? free_zone_device_folio+0x?/0x?", "6.17"));
        assertNull(PrintkFormats.match("WARNING: CPU: 0 PID: 1000 at mm/memremap.c:? free_zone_device_folio+0x?/0x?", "7.0"));
        assertNull(PrintkFormats.match("note: mapping of pfn 0x100000 touched after the free callback", "6.19"), "a model note is no kernel line");
        assertNull(PrintkFormats.match("WARNING: CPU: 0 PID: 1000 at mm/memremap.c:431 free_zone_device_folio+0x1a/0x60", "6.17"),
                "made-up offsets are rejected");
    }

    /** Each format's cited line holds it, in the trees on this machine (skipped, visibly, where absent). */
    @Test
    void eachCitedFormatLineHoldsTheFormat() {
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String v : List.of("6.12", "7.2")) {
            Assumptions.assumeTrue(KernelSource.tree(v) != null, "linux-source-" + v + " is not unpacked under " + KernelSource.root());
            for (PrintkFormats.Format f : PrintkFormats.ALL) {
                int n = v.equals("6.12") ? f.line612() : f.line72();
                if (n == 0) continue;
                String text = KernelSource.line(v, f.file(), n);
                checked.add(f.name());
                if (!text.contains(f.fragment())) wrong.add(v + " " + f.file() + ":" + n + " does not hold \"" + f.fragment() + "\": " + text);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked.size() > 50, "checked " + checked.size());
    }
}
