package lab.memremap.fidelity;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lab.memremap.design.D4_V6;
import lab.memremap.design.D5_ZiYan;
import lab.memremap.design.D7_V7;
import lab.memremap.design.D9_Mainline;
import lab.memremap.design.Designs;
import lab.memremap.model.Config;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;
import lab.memremap.model.Page;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "page_free should take an order" (Zi Yan, v6 review): a driver whose callback is
 * {@code void (*page_free)(struct page *page)} (6.12.117 include/linux/memremap.h:84) is given the page
 * and nothing else, so it has to derive the order, and after the range is re-used at another order it
 * derives the wrong one on v6 (D4). Old model: every free callback was handed an order, so a
 * page_free(page) driver could not be written; the signature now matches the kernel's.
 */
class PageFreeSignatureTest {

    @Test
    void theCitedCallbackLinesHoldTheKernelsSignatures() {
        Assumptions.assumeTrue(KernelSource.tree("6.12") != null && KernelSource.tree("7.2") != null,
                "linux-source-6.12 and -7.2 are not unpacked under " + KernelSource.root());
        assertEquals("\tvoid (*page_free)(struct page *page);", KernelSource.line("6.12", "include/linux/memremap.h", 84));
        assertEquals("\tvoid (*folio_free)(struct folio *folio);", KernelSource.line("7.2", "include/linux/memremap.h", 83));
        assertEquals("\tvoid (*folio_split)(struct folio *head, struct folio *tail);",
                KernelSource.line("7.2", "include/linux/memremap.h", 108));
        assertTrue(KernelSource.line("7.2", "include/linux/memremap.h", 251).contains("if (!original_folio->pgmap->ops->folio_split) {"));
    }

    @Test
    void theJavaCallbacksTakeWhatTheCOnesTake() {
        assertArrayEquals(new Class<?>[] {Page.class}, onlyMethod(DevPagemapOps.PageFreeFunction.class).getParameterTypes());
        assertArrayEquals(new Class<?>[] {Folio.class}, onlyMethod(DevPagemapOps.FolioFreeFunction.class).getParameterTypes());
        assertArrayEquals(new Class<?>[] {Page.class, int.class}, onlyMethod(DevPagemapOps.PageFreeOrderFunction.class).getParameterTypes());
    }

    private static Method onlyMethod(Class<?> functional) {
        List<Method> abstracts = Arrays.stream(functional.getMethods()).filter(m -> java.lang.reflect.Modifier.isAbstract(m.getModifiers())).toList();
        assertEquals(1, abstracts.size(), functional + ": " + abstracts);
        return abstracts.get(0);
    }

    /** What a page_free(page) driver derives, per free, for: order 9 at +0, freed; order 0 at +0 (re-used), freed. */
    private static List<Integer> derivedOrders(Design design) {
        Machine m = Machine.boot(Designs.configFor(design, Config.defaults()), design);
        List<Integer> derived = new ArrayList<>();
        // The driver has only the page: it reads the order from that page's words, the way a driver can.
        DevPagemapOps ops = DevPagemapOps.builder().migrate_to_ram(f -> 0)
                .page_free(page -> derived.add(m.folio_order(m.page_folio(page))))
                .folio_free(folio -> derived.add(m.folio_order(folio)))
                .build();
        DevPagemap p = m.newPgmap("dmirror0", MemoryType.MEMORY_DEVICE_PRIVATE, ops, "owner");
        long s = m.reservePfnRange(1024);
        p.setRanges(List.of(new DevPagemap.Range(s, s + 1024)));
        assertEquals(0, m.memremap_pages(p, 0));
        Folio big = m.zoneDeviceInit(p.page(0), p, 9);
        m.folio_unlock(big);
        m.folio_put(big);
        Folio one = m.zoneDeviceInit(p.page(0), p, 0);   // the same range handed out again, at order 0
        m.folio_unlock(one);
        m.folio_put(one);
        return derived;
    }

    @Test
    void aPageFreeDriverDerivesTheWrongOrderAfterReuseAtAnotherOrderOnV6() {
        // v6 calls page_free(page): the driver derives 9 for the page it handed out at order 0.
        assertEquals(List.of(9, 9), derivedOrders(new D4_V6()));
        // v7 calls folio_free(folio) and still leaves the stale order byte: the same wrong answer.
        assertEquals(List.of(9, 9), derivedOrders(new D7_V7()));
        // Mainline cleans the pages at init (the January 2026 fix): the derived order is right.
        assertEquals(List.of(9, 0), derivedOrders(new D9_Mainline()));
    }

    @Test
    void zisPageFreeWithAnOrderIsToldTheSameStaleOrder() {
        Machine m = Machine.boot(Designs.configFor(new D5_ZiYan(), Config.defaults()), new D5_ZiYan());
        List<Integer> told = new ArrayList<>();
        DevPagemapOps ops = DevPagemapOps.builder().migrate_to_ram(f -> 0).page_free((page, order) -> told.add(order)).build();
        DevPagemap p = m.newPgmap("dmirror0", MemoryType.MEMORY_DEVICE_PRIVATE, ops, "owner");
        long s = m.reservePfnRange(1024);
        p.setRanges(List.of(new DevPagemap.Range(s, s + 1024)));
        m.memremap_pages(p, 0);
        Folio big = m.zoneDeviceInit(p.page(0), p, 9);
        m.folio_unlock(big);
        m.folio_put(big);
        Folio one = m.zoneDeviceInit(p.page(0), p, 0);
        m.folio_unlock(one);
        m.folio_put(one);
        // The kernel reads the order from the same head at entry: an order argument carries the stale 9 too.
        assertEquals(List.of(9, 9), told);
    }

    @Test
    void aKernelThatPassesAnOrderCannotCallAPageOnlyCallback() {
        Machine m = Machine.boot(Designs.configFor(new D5_ZiYan(), Config.defaults()), new D5_ZiYan());
        DevPagemapOps ops = DevPagemapOps.builder().migrate_to_ram(f -> 0).page_free(page -> { }).build();
        DevPagemap p = m.newPgmap("dmirror0", MemoryType.MEMORY_DEVICE_PRIVATE, ops, "owner");
        long s = m.reservePfnRange(512);
        p.setRanges(List.of(new DevPagemap.Range(s, s + 512)));
        m.memremap_pages(p, 0);
        Folio f = m.zoneDeviceInit(p.page(0), p, 0);
        m.folio_unlock(f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.folio_put(f));
        assertTrue(e.getMessage().contains("page_free(page, 0)"), e.getMessage());
    }
}
