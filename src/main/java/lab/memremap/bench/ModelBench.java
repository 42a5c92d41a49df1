package lab.memremap.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import lab.memremap.design.D9_Mainline;
import lab.memremap.model.Config;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.DevPagemapOps;
import lab.memremap.model.Folio;
import lab.memremap.model.Machine;
import lab.memremap.model.MemoryType;

/**
 * The model's scale benchmark (issue: H100-sized pgmap): memremap 80 GiB of device-private memory
 * (20,971,520 pages), fill it with order-9 folios through the mainline init, free every folio, then
 * memunmap_pages. Reports the wall time of the whole lifecycle and the model's bytes per struct page.
 */
public final class ModelBench {
    public static final long H100_PAGES = 80L * 1024 * 1024 * 1024 / 4096;

    private ModelBench() {}

    /** One lifecycle on a fresh machine; returns {seconds, bytesPerPage}. */
    public static double[] h100Lifecycle(long pages) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        long t0 = System.nanoTime();
        Machine m = Machine.boot(Config.defaults(), new D9_Mainline());
        m.trace().keepEvents(false);
        DevPagemap[] self = new DevPagemap[1];
        DevPagemapOps ops = DevPagemapOps.builder()
                .free((head, order) -> self[0].noteHandedOut(-(1L << order)))
                .migrate_to_ram(folio -> 0)
                .build();
        DevPagemap pgmap = m.newPgmap("h100", MemoryType.MEMORY_DEVICE_PRIVATE, ops, "nvidia-uvm");
        self[0] = pgmap;
        long start = m.reservePfnRange(pages);
        pgmap.setRanges(List.of(new DevPagemap.Range(start, start + pages)));
        if (m.memremap_pages(pgmap, 0) != 0) throw new IllegalStateException("memremap_pages failed");
        int order = 9;
        long nr = 1L << order;
        for (long off = 0; off + nr <= pages; off += nr) {
            Folio folio = m.zoneDeviceInit(m.pageAt(Math.toIntExact(start - m.memmap().basePfn() + off)), pgmap, order);
            pgmap.noteHandedOut(nr);
            m.folio_unlock(folio); // migrate_vma_finalize() unlocks the new device folio
        }
        long filled = System.nanoTime();
        System.gc();
        long during = mem.getHeapMemoryUsage().getUsed();
        long gcPause = System.nanoTime() - filled;
        for (long off = 0; off + nr <= pages; off += nr)
            m.folio_put(m.pageAt(Math.toIntExact(start - m.memmap().basePfn() + off)).as_folio());
        m.memunmap_pages(pgmap);
        long t1 = System.nanoTime();
        if (pgmap.ref.count() != 0 || !m.log().entries().stream().allMatch(e -> e.kind() == lab.memremap.model.KernelLog.Kind.INFO))
            throw new IllegalStateException("h100 lifecycle did not end clean:\n" + m.log().dmesg());
        double seconds = (t1 - t0 - gcPause) / 1e9;
        double bytesPerPage = (double) (during - before) / pages;
        return new double[] {seconds, bytesPerPage};
    }

    /** Prints the BENCH lines: the median of {@code runs} lifecycles, and the bytes per page. */
    public static void run(PrintStream out, int runs) {
        double[] secs = new double[runs];
        double bytes = 0;
        h100Lifecycle(H100_PAGES); // warm-up: JIT
        for (int i = 0; i < runs; i++) {
            double[] r = h100Lifecycle(H100_PAGES);
            secs[i] = r[0];
            bytes = r[1];
        }
        java.util.Arrays.sort(secs);
        out.printf("BENCH model.h100_lifecycle_s=%.3f%n", secs[runs / 2]);
        out.printf("BENCH model.bytes_per_page=%.1f%n", bytes);
    }
}
