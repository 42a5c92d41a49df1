package lab.memremap.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import lab.memremap.design.Designs;
import lab.memremap.design.D9_Mainline;
import lab.memremap.matrix.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input that used to corrupt the model or mislead: each now fails with an exception naming the function
 * and the value, and the machine stays usable (a normal pgmap still maps and checks clean).
 */
class ModelInputTest {

    private static Machine machine() {
        return Machine.boot(Config.defaults(), new D9_Mainline());
    }

    private static DevPagemap pgmap(Machine m, String name, long start, long end) {
        DevPagemap p = m.newPgmap(name, MemoryType.MEMORY_DEVICE_PRIVATE,
                DevPagemapOps.builder().migrate_to_ram(f -> 0).free((head, order) -> { }).build(), "owner");
        p.setRanges(List.of(new DevPagemap.Range(start, end)));
        return p;
    }

    /** After a refused pgmap, a normal one maps and the invariants hold. */
    private static void stillUsable(Machine m) {
        long start = m.reservePfnRange(512);
        DevPagemap ok = pgmap(m, "after", start, start + 512);
        assertEquals(0, m.memremap_pages(ok, 0), m.log().dmesg());
        assertEquals(List.of(), m.checkInvariants());
    }

    @Test
    void aPgmapTooLargeForTheHeapIsRefusedUpFrontSayingWhatFits() {
        Machine m = machine();
        long pages = ModelLimits.maxPages() + 512;
        DevPagemap huge = pgmap(m, "huge", Machine.DEVICE_BASE_PFN, Machine.DEVICE_BASE_PFN + pages);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.memremap_pages(huge, 0));
        assertTrue(e.getMessage().startsWith("memremap_pages: huge "), e.getMessage());
        assertTrue(e.getMessage().contains("holds at most") || e.getMessage().contains("the last one the model's memmap can index"),
                e.getMessage());
        stillUsable(m);
    }

    @Test
    void aTebibytePgmapIsRefusedWhenTheHeapCannotHoldIt() {
        if ((1L << 28) <= ModelLimits.maxPages()) return;  // 1 TiB is 2^28 pages: a heap this large holds it
        Machine m = machine();
        DevPagemap tebibyte = pgmap(m, "1TiB", Machine.DEVICE_BASE_PFN, Machine.DEVICE_BASE_PFN + (1L << 28));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.memremap_pages(tebibyte, 0));
        assertTrue(e.getMessage().contains("268435456 struct pages"), e.getMessage());
        stillUsable(m);
    }

    @Test
    void aRangeAtPfnZeroIsRefused() {
        Machine m = machine();
        DevPagemap low = pgmap(m, "low", 0, 512);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.memremap_pages(low, 0));
        assertTrue(e.getMessage().contains("low range pfn 0x0-0x1ff starts below pfn 0x100000"), e.getMessage());
        stillUsable(m);
    }

    @Test
    void aRangeAtPfnTwoToTheFortyIsRefusedWithoutOverflow() {
        Machine m = machine();
        DevPagemap high = pgmap(m, "high", 1L << 40, (1L << 40) + 512);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.memremap_pages(high, 0));
        assertTrue(e.getMessage().contains("high range pfn 0x10000000000-0x100000001ff ends beyond pfn"), e.getMessage());
        stillUsable(m);
    }

    @Test
    void pageOfAnOffsetPastThePgmapsEndIsRefusedNotTheNextPgmapsPage() {
        Machine m = machine();
        long a = m.reservePfnRange(512);
        DevPagemap first = pgmap(m, "first", a, a + 512);
        long b = m.reservePfnRange(512);
        DevPagemap second = pgmap(m, "second", b, b + 512);
        assertEquals(0, m.memremap_pages(first, 0));
        assertEquals(0, m.memremap_pages(second, 0));
        assertEquals(a + 511, first.page(511).pfn());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> first.page(512));
        assertTrue(e.getMessage().startsWith("DevPagemap.page: offset 512"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> first.page(-1));
    }

    @Test
    void aNegativeVmemmapShiftIsRefused() {
        Machine m = machine();
        long a = m.reservePfnRange(512);
        DevPagemap p = pgmap(m, "shifted", a, a + 512);
        p.vmemmap_shift = -1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.memremap_pages(p, 0));
        assertTrue(e.getMessage().contains("shifted.vmemmap_shift is -1"), e.getMessage());
        stillUsable(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D7b", "D8", "D9"})
    void aDesignsInitWithOrderMinusOneFailsClearlyAndLeavesTheRefCountAlone(String name) {
        Machine m = Machine.boot(Config.defaults(), Designs.byName(name));
        long a = m.reservePfnRange(512);
        DevPagemap p = pgmap(m, "pgmap0", a, a + 512);
        assertEquals(0, m.memremap_pages(p, 0), m.log().dmesg());
        long before = p.ref.count();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.zoneDeviceInit(m.pfn_to_page(a), p, -1));
        assertTrue(e.getMessage().contains("-1") || e.getMessage().contains("negative"), e.getMessage());
        assertEquals(before, p.ref.count(), "the ref count is untouched");
    }

    @Test
    void aNullDesignInAMatrixIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Matrix.of((Design) null));
        assertEquals("Matrix.of: design 1 of 1 is null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Matrix.of(Designs.byName("D4"), null));
        assertEquals("Matrix.of: design 2 of 2 is null", e.getMessage());
    }
}
