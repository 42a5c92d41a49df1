package lab.memremap.notebook;

import static org.junit.jupiter.api.Assertions.*;

import lab.memremap.design.D7_V7;
import lab.memremap.design.D9_Mainline;
import org.junit.jupiter.api.Test;

/** A listing shows the Java and, under it, where to read the C it models. */
class CodeTest {
    static {
        System.setProperty("memremap.lab.src", "src/main/java");
    }

    @Test
    void aListingEndsWithTheLinksOfItsSource() {
        Code c = Code.of(D9_Mainline.class, "free_zone_device_folio");
        assertTrue(c.toText().contains("public void free_zone_device_folio(Folio folio)"), c.toText());
        assertTrue(c.toText().contains("// the C: "), c.toText());
        assertTrue(c.toHtml().contains("href=\"https://lore.kernel.org/r/20260410230346.4009855-1-matthew.brost@intel.com\""), c.toHtml());
    }

    @Test
    void twoVersionsSideBySideKeepBothListingsAndBothLinks() {
        var both = Code.sideBySide(Code.of(lab.memremap.design.D4_V6.class, "zone_device_folio_init"),
                Code.of(D7_V7.class, "zone_device_page_init"));
        String html = both.toHtml();
        assertTrue(html.contains("D4_V6.zone_device_folio_init()") && html.contains("D7_V7.zone_device_page_init()"), html);
        assertTrue(html.indexOf("<td") < html.indexOf("D4_V6") && html.lastIndexOf("<td") < html.indexOf("D7_V7"), html);
        assertTrue(both.toText().contains("lore.kernel.org/r/20250812024036.690064-2-balbirs@nvidia.com"), both.toText());
        assertTrue(both.toText().contains("lore.kernel.org/r/20251001065707.920170-1-balbirs@nvidia.com")
                || both.toText().contains("d245f9b4ab80"), both.toText());
    }

    @Test
    void anInheritedFunctionLinksToTheSourceOfTheClassThatDeclaresIt() {
        Code c = Code.of(D7_V7.class, "zone_device_page_init");
        assertFalse(c.links().isEmpty());
        assertTrue(c.links().stream().anyMatch(l -> l.url().contains("v7.2.13/source/mm/memremap.c#L481")), c.links().toString());
    }
}
