package lab.memremap.model;

import static lab.memremap.model.PageFlagBits.PG_anon_exclusive;
import static lab.memremap.model.PageFlagBits.PG_head;

import java.util.ArrayList;
import java.util.List;

/**
 * Invariants the model adds at the two ends of a device folio's life; the kernel reports nothing for
 * them, so they are the model's analysis, never printed as kernel output. A folio handed back to its
 * driver (->folio_free) is off the deferred split queue and carries no memcg charge; a folio that
 * zone_device_folio_init() just built carries nothing from its previous life: no PG_anon_exclusive,
 * no stale head or order bits, no deferred-list membership, and _nr_pages / memcg_data words that
 * match its order. Each violation is one line naming the folio.
 */
public final class FolioLife {
    private FolioLife() {}

    /** What is wrong with {@code folio} as the kernel hands it back to its driver. */
    public static List<String> atHandBack(Machine m, Folio folio) {
        List<String> out = new ArrayList<>();
        String f = String.format("folio_free(pfn 0x%x)", folio.pfn());
        if (m.deferredSplitQueue().headIndexes().contains(folio.index()))
            out.add(f + ": handed back to the driver while still on the deferred split queue");
        else if (m.folio_order(folio) > 1 && folio._deferred_list() == DeferredSplitQueue.ON_QUEUE)
            out.add(f + ": handed back with _deferred_list still linked");
        if (m.config.memcg && folio.memcg_data() != 0)
            out.add(f + ": handed back still charged to a memcg (memcg_data != 0)");
        // "this entire field is just stale and wrong, and it will cause errors if not cleared" (mm/memremap.c:433-450)
        DevPagemap pgmap = m.pgmapOfPfn(folio.pfn());
        if (pgmap != null && pgmap.type.countsPerAllocation() && folio.mapping() != Memmap.MAPPING_NULL)
            out.add(f + ": handed back with a stale mapping (" + folio.mapping() + ")");
        return out;
    }

    /** What {@code folio}, just initialised at {@code order}, carries from an earlier life. */
    public static List<String> afterInit(Machine m, Folio folio, int order) {
        List<String> out = new ArrayList<>();
        String f = String.format("new order-%d folio at pfn 0x%x", order, folio.pfn());
        Memmap mm = m.memmap;
        long nr = 1L << order;
        if (folio.word1_is_tail()) out.add(f + ": its head is still encoded as a tail (compound_head)");
        if (folio.mapping() != Memmap.MAPPING_NULL) out.add(f + ": stale mapping on the head (" + folio.mapping() + ")");
        if (m.config.memcg && folio.memcg_data() != 0)
            out.add(f + ": memcg_data " + folio.memcg_data() + " before any charge (a stale _nr_pages?)");
        if ((order > 0) != folio.test_bit(PG_head)) out.add(f + ": PG_head " + (order > 0 ? "missing" : "set on an order-0 folio"));
        if (order > 0 && (mm.flags[folio.index() + 1] & 0xff) != order)
            out.add(f + ": page[1]'s order byte is " + (mm.flags[folio.index() + 1] & 0xff));
        if (order > 0 && m.config.nrPagesInLargeFolio && folio._nr_pages() != nr)
            out.add(f + ": _nr_pages " + folio._nr_pages() + " for " + nr + " pages");
        if (order > 1 && folio._deferred_list() != DeferredSplitQueue.EMPTY_LIST)
            out.add(f + ": _deferred_list is " + folio._deferred_list());
        if (m.deferredSplitQueue().headIndexes().contains(folio.index())) out.add(f + ": already on the deferred split queue");
        for (int i = 0; i < nr; i++) {
            Page p = folio.page().add(i);
            if (p.test_bit(PG_anon_exclusive)) {
                out.add(f + ": PG_anon_exclusive left on page " + i);
                break;
            }
        }
        for (int i = 1; i < nr; i++) {
            Page p = folio.page().add(i);
            if (p.test_bit(PG_head) || !p.word1_is_tail() || (mm.word1[p.index()] >>> 1) != folio.index()) {
                out.add(f + ": page " + i + " is not a plain tail of it (stale head bit or compound_head)");
                break;
            }
        }
        return out;
    }
}
