package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import lab.memremap.design.D4_V6;
import lab.memremap.design.D7_V7;
import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Links to the C are derived from the @Source fields, and every recorded line number is right. */
class SourceLinksTest {

    private static List<String> urls(List<Sources.Link> links) {
        return links.stream().map(Sources.Link::url).toList();
    }

    @Test
    void aPostedPatchLinksToLoreByMessageId() {
        List<String> u = urls(Sources.links(D4_V6.class, "zone_device_folio_init"));
        assertTrue(u.contains("https://lore.kernel.org/r/20250812024036.690064-2-balbirs@nvidia.com")
                || u.stream().anyMatch(x -> x.startsWith("https://lore.kernel.org/r/") && x.contains("balbirs@nvidia.com")), u.toString());
    }

    @Test
    void aCommitLinksToGitKernelOrgWithItsIdAndTheFileAtTheLineItCites() {
        List<String> u = urls(Sources.links(D7_V7.class, "free_zone_device_folio"));
        assertTrue(u.contains(Sources.CGIT + "commit/?id=d245f9b4ab80"), u.toString());
        assertTrue(u.contains(Sources.CGIT + "tree/mm/memremap.c?id=d245f9b4ab80#n431"), u.toString());
        Sources.Link file = Sources.links(D7_V7.class, "free_zone_device_folio").stream()
                .filter(l -> l.url().contains("tree/")).findFirst().orElseThrow();
        assertTrue(file.label().contains("not checked"), file.label());   // 6.19-rc1 is not on disk: said so
    }

    @Test
    void aReleasedVersionLinksToElixirAtItsTag() {
        Source s = Sources.of(Memremap.class, "memunmap_pages").orElseThrow();
        List<String> u = urls(Sources.links(s, "memunmap_pages"));
        String tag = s.ref();
        if (tag.startsWith("v")) {
            assertTrue(u.contains(Sources.ELIXIR + tag + "/source/" + s.file()), u.toString());
            assertTrue(u.contains(Sources.ELIXIR + tag + "/A/ident/memunmap_pages"), u.toString());
        }
        assertTrue(u.contains(Sources.ELIXIR + "v7.2.13/source/mm/memremap.c#L112"), u.toString());
    }

    @Test
    void aMessageIdRecordedByPrefixGetsNoMadeUpLink() {
        for (Sources.Link l : Sources.links(lab.memremap.design.D5_ZiYan.class, "zone_device_page_init"))
            assertFalse(l.url().contains("…"), l.toString());
    }

    @Test
    void theMainlineFreePathLinksToItsFixAndToTheReleasedDefinitions() {
        List<String> u = urls(Sources.links(D9_Mainline.class, "free_zone_device_folio"));
        assertTrue(u.contains("https://lore.kernel.org/r/20260410230346.4009855-1-matthew.brost@intel.com"), u.toString());
        assertTrue(u.contains(Sources.ELIXIR + "v7.2.13/source/mm/memremap.c#L416"), u.toString());
        assertTrue(u.contains(Sources.ELIXIR + "v6.12.117/source/mm/memremap.c#L459"), u.toString());
    }

    /** Where Debian's kernel sources are unpacked (./workbook's cache), else the test says it cannot check. */
    private static Path sourceOf(String tag) {
        String base = System.getenv().getOrDefault("MEMREMAP_LAB_KERNEL_SRC",
                System.getProperty("user.home") + "/.cache/memremap-lab/kernel-src");
        String dir = tag.startsWith("v7.2.") ? "linux-source-7.2" : tag.startsWith("v6.12.") ? "linux-source-6.12" : "none";
        return Path.of(base, dir);
    }

    @Test
    void everyRecordedLineIsTheDefinitionInTheSourceOnDisk() throws IOException {
        List<Sources.Definition> defs = Sources.definitions();
        assertTrue(defs.size() > 100, "kernel-definitions.tsv has " + defs.size() + " rows");
        int checked = 0;
        for (Sources.Definition d : defs) {
            Path file = sourceOf(d.tag()).resolve(d.file());
            if (!Files.isReadable(file)) continue;
            List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            String text = lines.get(d.line() - 1);
            assertTrue(Pattern.compile("\\b" + Pattern.quote(d.function()) + "\\(").matcher(text).find(),
                    d + ": line " + d.line() + " is `" + text + "`");
            assertFalse(text.startsWith(" ") || text.startsWith("\t") || text.strip().endsWith(";"),
                    d + ": line " + d.line() + " is a call or a declaration, not the definition: `" + text + "`");
            checked++;
        }
        Assumptions.assumeTrue(checked > 0, "no kernel source on disk under " + sourceOf("v7.2.13").getParent());
    }
}
