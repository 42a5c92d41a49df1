package lab.memremap.fidelity;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The 7.2.13 lib/test_hmm.c lines that Dmirror and SystemRamPage cite (issue 10: the backing page at
 * its own offset after a split, the backing folio's order at free) hold what the model says they hold.
 */
class TestHmmSourceLinesTest {
    record Cite(String file, int line, String fragment) {}

    static final List<Cite> CITES = List.of(
            new Cite("lib/test_hmm.c", 48, "#define BACKING_PAGE(page) (is_device_private_page((page))"),
            new Cite("lib/test_hmm.c", 705, "rpage = folio_page(folio_alloc(GFP_HIGHUSER, order), 0);"),
            new Cite("lib/test_hmm.c", 730, "dpage->zone_device_data = rpage;"),
            new Cite("lib/test_hmm.c", 816, "rpage->zone_device_data = dmirror;"),
            new Cite("lib/test_hmm.c", 1620, "static void dmirror_devmem_free(struct folio *folio)"),
            new Cite("lib/test_hmm.c", 1625, "struct folio *rfolio = page_folio(rpage);"),
            new Cite("lib/test_hmm.c", 1626, "unsigned int order = folio_order(rfolio);"),
            new Cite("lib/test_hmm.c", 1630, "__free_pages(rpage, order);"),
            new Cite("lib/test_hmm.c", 1641, "mdevice->cfree += 1 << order;"),
            new Cite("lib/test_hmm.c", 1643, "page->zone_device_data = mdevice->free_folios;"),
            new Cite("lib/test_hmm.c", 1732, "static void dmirror_devmem_folio_split(struct folio *head, struct folio *tail)"),
            new Cite("lib/test_hmm.c", 1747, "folio_reset_order(rfolio);"),
            new Cite("lib/test_hmm.c", 1753, "offset = folio_pfn(tail) - folio_pfn(head);"),
            new Cite("lib/test_hmm.c", 1755, "rpage_tail = folio_page(rfolio, offset);"),
            new Cite("lib/test_hmm.c", 1756, "tail->page.zone_device_data = rpage_tail;"),
            new Cite("lib/test_hmm.c", 1758, "clear_compound_head(rpage_tail);"),
            new Cite("include/linux/mm.h", 1780, "static inline void folio_reset_order(struct folio *folio)"),
            new Cite("include/linux/mm.h", 1810, "VM_BUG_ON_PAGE(page_ref_count(page) == 0, page);"),
            // Mainline splits device folios to order 0 only.
            new Cite("mm/migrate_device.c", 94, "ret = split_folio(folio);"),
            new Cite("mm/migrate_device.c", 917, "ret = folio_split_unmapped(folio, 0);"));

    @Test
    void everyCitedLineHoldsItsFragment() {
        Assumptions.assumeTrue(KernelSource.tree("7.2") != null, "linux-source-7.2 is not unpacked under " + KernelSource.root());
        List<String> wrong = new ArrayList<>();
        for (Cite c : CITES) {
            String text = KernelSource.line("7.2", c.file(), c.line());
            if (!text.contains(c.fragment())) wrong.add(c + " holds: " + text);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
