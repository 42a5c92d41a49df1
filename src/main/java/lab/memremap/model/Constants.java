package lab.memremap.model;

/** Size constants of x86_64 with 4 KiB pages (kernel-history.md §2.9). */
@Source(file = "include/linux/mmzone.h, include/linux/mm.h, include/linux/huge_mm.h", ref = "v6.19",
        note = "x86_64 defaults; MAX_FOLIO_ORDER is a configuration choice, see Config")
public interface Constants {
    int PAGE_SHIFT = 12;
    long PAGE_SIZE = 1L << PAGE_SHIFT;
    /** Largest buddy order (4 MiB); CONFIG_ARCH_FORCE_MAX_ORDER can change it on other arches. */
    int MAX_PAGE_ORDER = 10;
    /** A page COUNT (1024), which the series compared with an order (bug B4). */
    int MAX_ORDER_NR_PAGES = 1 << MAX_PAGE_ORDER;
    int HPAGE_PMD_ORDER = 9;
    int HPAGE_PMD_NR = 1 << HPAGE_PMD_ORDER;
    int PUD_ORDER = 18;
    /** 128 MiB memory sections. */
    int SECTION_SIZE_BITS = 27;
    int PFN_SECTION_SHIFT = SECTION_SIZE_BITS - PAGE_SHIFT;
    int PAGES_PER_SECTION = 1 << PFN_SECTION_SHIFT;
    /** Seconds khungtaskd waits before it reports a task blocked in D state. */
    int HUNG_TASK_TIMEOUT_SECS = 120;
}
