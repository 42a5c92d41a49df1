package lab.memremap.model;

import static lab.memremap.model.PageFlagBits.PG_locked;

import java.util.ArrayList;
import java.util.List;

/**
 * include/linux/pagemap.h and mm/filemap.c: the folio lock. lock_page() locks the head resolved
 * through compound_head; waiting for a PG_locked that no simulated CPU will clear is reported as the
 * hung task the kernel would print.
 */
@Source(file = "include/linux/pagemap.h", ref = "v6.19")
public interface Pagemap extends KernelContext {

    @Source(file = "include/linux/pagemap.h", ref = "v6.19")
    default void lock_page(Page page) {
        machine().step("lock_page");
        folio_lock(machine().page_folio(page));
    }

    @Source(file = "include/linux/pagemap.h", ref = "v6.19")
    default boolean folio_trylock(Folio folio) {
        if (folio.test_bit(PG_locked)) return false;
        folio.set_bit(PG_locked);
        return true;
    }

    @Source(file = "include/linux/pagemap.h", ref = "v6.19")
    default boolean trylock_page(Page page) {
        return folio_trylock(machine().page_folio(page));
    }

    /** folio_lock(): sleeps in __folio_lock() until PG_locked is clear, then takes it. */
    @Source(file = "mm/filemap.c", ref = "v6.19")
    default void folio_lock(Folio folio) {
        Machine m = machine();
        if (folio_trylock(folio)) return;
        List<String> stack = new ArrayList<>(List.of("io_schedule", "folio_wait_bit_common", "__folio_lock"));
        stack.addAll(WarnSite.find("folio_lock").callTrace);
        m.block(() -> !folio.test_bit(PG_locked), "__folio_lock", stack.toArray(String[]::new));
        folio.set_bit(PG_locked);
    }

    /** folio_unlock(): VM_BUG_ON_FOLIO(!folio_test_locked(folio)), clear PG_locked, wake waiters. */
    @Source(file = "mm/filemap.c", ref = "v6.19")
    default void folio_unlock(Folio folio) {
        machine().step("folio_unlock");
        machine().VM_BUG_ON_FOLIO(!folio.test_bit(PG_locked), folio, "!folio_test_locked(folio)");
        folio.clear_bit(PG_locked);
    }

    @Source(file = "mm/filemap.c", ref = "v6.19")
    default void unlock_page(Page page) {
        folio_unlock(machine().page_folio(page));
    }
}
