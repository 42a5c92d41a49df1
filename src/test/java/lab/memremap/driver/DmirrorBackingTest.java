package lab.memremap.driver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.D9_Mainline;
import lab.memremap.design.Designs;
import lab.memremap.model.Config;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Page;
import lab.memremap.model.SystemRamPage;
import org.junit.jupiter.api.Test;

/**
 * test_hmm's device-private dmirror as 7.2.13 lib/test_hmm.c has it: every device folio is backed by a
 * RAM folio of its order (zone_device_data, test_hmm.c:705, 730); a split gives each new folio the
 * backing page at its own offset (dmirror_devmem_folio_split(), 1753-1758); a free reads the order of
 * the backing folio and frees it at that order (dmirror_devmem_free(), 1625-1630). Old model: the split
 * gave every new folio the head's backing pointer, and the free read the device folio's order.
 */
class DmirrorBackingTest {

    private static Machine boot() {
        return Machine.boot(Designs.configFor(new D9_Mainline(), Config.defaults()), new D9_Mainline());
    }

    private static SystemRamPage backing(Page p) {
        return (SystemRamPage) p.zone_device_data();
    }

    /** Allocates a large folio, maps and unmaps it (as migration does), then splits it to order 0. */
    private static Page largeFolioSplit(Dmirror d) {
        Folio f = d.allocate(true);
        Page head = f.page();
        d.map(head, true);
        d.unmapAll(head);
        assertEquals(0, d.split(head, 0));
        return head;
    }

    private static List<String> kasanNotes(Machine m) {
        return m.notes().entries().stream().filter(n -> n.kind() == ModelNotes.Kind.KASAN).map(ModelNotes.Note::firstLine).toList();
    }

    @Test
    void aLargeDeviceFolioIsBackedByARamFolioOfItsOrderThatPointsToTheMirror() {
        Machine m = boot();
        Dmirror d = new Dmirror(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Page head = d.allocate(true).page();
        SystemRamPage rpage = backing(head);
        assertSame(rpage, rpage.page_folio());
        assertEquals(9, rpage.folio_order());
        assertSame(d, rpage.zone_device_data());
        // A COHERENT dmirror keeps data in the device page itself: BACKING_PAGE(page) is the page.
        Dmirror coherent = new Dmirror(m, MemoryType.MEMORY_DEVICE_COHERENT, 512);
        Page c = coherent.allocate(true).page();
        assertNull(c.zone_device_data());
        assertSame(c, coherent.backingPage(c));
    }

    @Test
    void afterASplitEachNewFolioHasTheBackingPageAtItsOwnOffset() {
        Machine m = boot();
        Dmirror d = new Dmirror(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Page head = d.allocate(true).page();
        SystemRamPage rfolio = backing(head);
        largeFolioSplitAfterAllocation(d, head);
        for (int i = 0; i < 512; i++) {
            SystemRamPage r = backing(head.add(i));
            assertSame(rfolio.folio_page(i), r, "device page " + i + " is backed by " + r);
            assertSame(r, r.page_folio(), "backing page " + i + " is a folio of its own");
            assertEquals(0, r.folio_order());
            assertSame(d, r.zone_device_data());
        }
    }

    private static void largeFolioSplitAfterAllocation(Dmirror d, Page head) {
        d.map(head, true);
        d.unmapAll(head);
        assertEquals(0, d.split(head, 0));
    }

    @Test
    void theFreeReadsTheBackingFoliosOrderAndFreesEachBackingPageOnce() {
        Machine m = boot();
        Dmirror whole = new Dmirror(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Page h = whole.allocate(true).page();
        SystemRamPage rfolio = backing(h);
        whole.map(h, true);
        whole.unmapAll(h);
        whole.put(h);
        // One __free_pages(rpage, 9): all 512 RAM pages back, 512 device pages counted in cfree.
        for (int i = 0; i < 512; i++) assertTrue(rfolio.folio_page(i).isFree(), "RAM page " + i);
        assertEquals(512, whole.cfree);
        assertNull(h.zone_device_data(), "a freed device page keeps no pointer to its freed backing page");

        Dmirror split = new Dmirror(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Page head = largeFolioSplit(split);
        SystemRamPage r0 = backing(head);
        List<SystemRamPage> pieces = new java.util.ArrayList<>();
        for (int i = 0; i < 512; i++) pieces.add(backing(head.add(i)));
        for (int i = 0; i < 512; i++) split.put(head.add(i));
        for (int i = 0; i < 512; i++) assertTrue(pieces.get(i).isFree(), "RAM page " + i);
        assertSame(r0, pieces.get(0));
        assertEquals(512, split.cfree);
        assertEquals(List.of(), kasanNotes(m));
        assertEquals(1, split.pgmap().ref.count(), "every page came back: only the initial reference is left");
    }

    /** Before this model had backing pages, the split gave every new folio the head's backing pointer. */
    static final class SharesTheHeadsBacking extends Dmirror {
        SharesTheHeadsBacking(Machine m) {
            super(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        }

        @Override protected void folioSplit(Folio head, Folio tail) {
            super.folioSplit(head, tail);
            if (tail != null) tail.page().set_zone_device_data(head.page().zone_device_data());
        }
    }

    @Test
    void aSplitThatSharesTheHeadsBackingPageIsCaughtAsADoubleFree() {
        Machine m = boot();
        Dmirror wrong = new SharesTheHeadsBacking(m);
        Page head = largeFolioSplit(wrong);
        for (int i = 0; i < 4; i++) wrong.put(head.add(i));
        List<String> kasan = kasanNotes(m);
        assertFalse(kasan.isEmpty(), "a second free of the head's backing page should be noted");
        assertTrue(kasan.get(0).contains("double free"), kasan.get(0));
        assertTrue(m.log().entries().stream().noneMatch(e -> e.text().contains("double free")),
                "the model's finding is not printed as the kernel's");
    }

    /**
     * The free reads the backing folio's order, not the device folio's: after a split to order 1 (which
     * mainline never makes of a device folio, mm/migrate_device.c:94, 917) every backing page is order 0,
     * so test_hmm frees one RAM page and counts one page per order-1 device folio.
     */
    @Test
    void theOrderComesFromTheBackingFolioNotTheDeviceFolio() {
        Machine m = boot();
        Dmirror d = new Dmirror(m, MemoryType.MEMORY_DEVICE_PRIVATE, 512);
        Page head = d.allocate(true).page();
        SystemRamPage rfolio = backing(head);
        d.map(head, true);
        d.unmapAll(head);
        assertEquals(0, d.split(head, 1));
        assertEquals(1, m.folio_order(m.page_folio(head.add(2))));
        assertEquals(0, backing(head.add(2)).folio_order());
        d.put(head.add(2));
        assertEquals(1, d.cfree, "cfree += 1 << order, the backing folio's order 0");
        assertTrue(rfolio.folio_page(2).isFree());
        assertFalse(rfolio.folio_page(3).isFree(), "the second backing page of the order-1 folio is not freed");
    }
}
