package lab.memremap.model;

/** mm/huge_memory.c: the deferred split queue and the split of a large device folio. */
@Source(file = "mm/huge_memory.c", ref = "v6.19")
public interface HugeMemory extends KernelContext {

    /** deferred_split_folio(): order <= 1 folios have no _deferred_list (it lives in page[2]) and are skipped. */
    @Source(file = "mm/huge_memory.c", ref = "v6.19")
    default void deferred_split_folio(Folio folio, boolean partially_mapped) {
        Machine m = machine();
        m.step("deferred_split_folio");
        if (m.folio_order(folio) <= 1) return;
        if (partially_mapped) {
            if (!m.folio_test_partially_mapped(folio)) m.folio_set_partially_mapped(folio);
        } else {
            m.VM_WARN_ON_FOLIO(m.folio_test_partially_mapped(folio), folio, "folio_test_partially_mapped(folio)");
        }
        if (folio._deferred_list() != DeferredSplitQueue.ON_QUEUE) {
            folio.set__deferred_list(DeferredSplitQueue.ON_QUEUE);
            m.deferredSplitQueue().heads.add(folio.index());
        }
    }

    /**
     * folio_unqueue_deferred_split() (the mm/internal.h inline): order &lt;= 1 or not large_rmappable
     * returns false, an empty _deferred_list returns false, else __folio_unqueue_deferred_split().
     */
    @Source(file = "mm/internal.h", ref = "v6.12", note = "mm/internal.h:684-698 in 6.12.117, :847-861 in 7.2.13")
    default boolean folio_unqueue_deferred_split(Folio folio) {
        Machine m = machine();
        m.step("folio_unqueue_deferred_split");
        if (m.folio_order(folio) <= 1 || !m.folio_test_large_rmappable(folio)) return false;
        if (folio._deferred_list() != DeferredSplitQueue.ON_QUEUE) return false;
        return __folio_unqueue_deferred_split(folio);
    }

    /**
     * __folio_unqueue_deferred_split(): WARN_ON_ONCE(folio_ref_count(folio)) (only a frozen or freed
     * folio may be unqueued) and WARN_ON_ONCE(!mem_cgroup_disabled() &amp;&amp; !folio_memcg(folio)) (the
     * queue is per memcg), then list_del_init and clear PG_partially_mapped; true if it was queued.
     */
    @Source(file = "mm/huge_memory.c", ref = "v6.12", warnLines = {
        "WARN_ON_ONCE(folio_ref_count(folio))@6.12=3729", "WARN_ON_ONCE(folio_ref_count(folio))@7.2=4446",
        "WARN_ON_ONCE[memcg]@6.12=3730", "WARN_ON_ONCE[memcg]@7.2=4447"},
            note = "the memcg WARN tests folio_memcg() in 6.12.117 and folio_memcg_charged() in 7.2.13")
    default boolean __folio_unqueue_deferred_split(Folio folio) {
        Machine m = machine();
        m.WARN_ON_ONCE(m.folio_ref_count(folio) != 0, "folio_ref_count(folio)");
        m.WARN_ON_ONCE(m.config.memcg && !m.folio_memcg_charged(folio), "!mem_cgroup_disabled() && !folio_memcg(folio)", "memcg");
        if (folio._deferred_list() != DeferredSplitQueue.ON_QUEUE) return false;
        m.deferredSplitQueue().heads.remove(Integer.valueOf(folio.index()));
        folio.set__deferred_list(DeferredSplitQueue.EMPTY_LIST);
        if (m.folio_test_partially_mapped(folio)) m.__folio_clear_partially_mapped(folio);
        return true;
    }

    /**
     * deferred_split_scan(), the deferred-split shrinker (drop_caches runs it): each queued folio that
     * is partially mapped and can be locked is split to order 0 (split_folio()), which also takes it off
     * the queue; the model does not scan for underused THPs. Returns how many folios were split. Since
     * v3 (and in 7.2, mm/rmap.c:1864-1875) a device-private folio never gets on the queue, so on D9 this
     * finds nothing: the 7.2 golden trace k6 shows the partially unmapped device folio untouched.
     */
    @Source(file = "mm/huge_memory.c", ref = "7.2.13", note = "deferred_split_scan(), simplified to the partially mapped case")
    default int deferred_split_scan() {
        Machine m = machine();
        m.step("deferred_split_scan");
        int split = 0;
        for (Integer idx : new java.util.ArrayList<>(m.deferredSplitQueue().heads)) {
            Folio folio = m.pageAt(idx).as_folio();
            if (!m.folio_test_partially_mapped(folio) || !m.folio_trylock(folio)) continue;
            if (split_folio_to_order(folio, 0) == 0) split++;
            m.folio_unlock(folio);
        }
        return split;
    }

    /**
     * split_folio_to_order() for a device-private folio (the __split_folio_to_order() path that
     * migrate_vma_split_folio() takes): each new folio's head loses its tail encoding and stale order
     * bits, gets its compound state if new_order > 0, and zone_device_private_split_cb() copies the
     * pgmap and mapping or calls the driver's folio_split; once more with NULL at the end. Every new
     * folio holds as many references as the original did. Returns 0, or -EINVAL for a bad order.
     */
    @Source(file = "mm/huge_memory.c", ref = "<20251001065707.920170-1-balbirs@nvidia.com>",
            note = "refcount hand-out simplified: each new folio gets the original's count")
    default int split_folio_to_order(Folio folio, int new_order) {
        Machine m = machine();
        m.step("split_folio_to_order");
        int old_order = m.folio_order(folio);
        if (new_order < 0 || new_order >= old_order) return -Memremap.EINVAL;
        int refs = m.folio_ref_count(folio);
        // __folio_split() freezes the count (folio_ref_freeze) before it takes the folio off the queue.
        if (m.folio_order(folio) > 1) {
            m.memmap.setRefcount(folio.index(), 0);
            m.folio_unqueue_deferred_split(folio);
            m.memmap.setRefcount(folio.index(), refs);
        }
        long nr = 1L << old_order;
        int newNr = 1 << new_order;
        for (int i = newNr; i < nr; i += newNr) {
            Page head = m.folio_page(folio, i);
            Folio new_folio = head.as_folio();
            head.set_flags(head.flags() & ~0xff);
            head.set_mapping(Memmap.MAPPING_NULL);
            head.set_pgmap(null);
            if (new_order > 0) {
                m.prep_compound_page(head, new_order);
                m.folio_set_large_rmappable(new_folio);
            }
            // CONFIG_MEMCG: new_folio->memcg_data = folio->memcg_data (mm/huge_memory.c:3711 in 7.2.13).
            if (m.config.memcg) new_folio.set_memcg_data(folio.memcg_data());
            head.machine().memmap.setRefcount(head.index(), refs);
            m.zone_device_private_split_cb(folio, new_folio);
        }
        if (new_order > 0) {
            m.folio_set_order(folio, new_order);
        } else {
            Page p1 = m.folio_page(folio, 1);
            m.__ClearPageHead(folio.page());
            p1.set_flags(p1.flags() & ~0xff);
            // ClearPageCompound() only: page[1]'s word 7 is now its own folio's memcg_data, not _nr_pages.
            if (m.config.nrPagesInLargeFolio && !m.config.memcg) folio.set__nr_pages(0);
        }
        m.zone_device_private_split_cb(folio, null);
        return 0;
    }
}
