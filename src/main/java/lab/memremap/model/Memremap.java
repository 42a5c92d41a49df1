package lab.memremap.model;

import static lab.memremap.model.MemoryType.*;

import java.util.ArrayList;
import java.util.List;

/**
 * mm/memremap.c and include/linux/memremap.h, as in the mainline snapshot 85be0a262e39 (April 2026):
 * memremap_pages / memunmap_pages, the pgmap lookup, page_pgmap, the device-type tests and the
 * zone_device_data helpers. The functions that the versions of the debate change (init and free)
 * are not here: they belong to a {@link Design}.
 */
@Source(file = "mm/memremap.c", ref = "85be0a262e39")
public interface Memremap extends KernelContext {

    int EINVAL = 22;
    int EAGAIN = 11;

    /**
     * memremap_pages(): check the type's required ops (WARN and -EINVAL), init the completion and the
     * percpu_ref, populate and initialise the memmap of each range, and for types other than PRIVATE
     * and COHERENT take one reference per pfn up front. Returns 0 or -EINVAL (the kernel returns an
     * address or ERR_PTR).
     */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39")
    default long memremap_pages(DevPagemap pgmap, int nid) {
        Machine m = machine();
        m.step("memremap_pages");
        if (pgmap.isBogus() || pgmap.state != DevPagemap.State.NEW)
            throw new IllegalStateException("memremap_pages: " + pgmap.name + " is " + pgmap.state + ", not a fresh pgmap");
        if (pgmap.ranges.isEmpty())
            throw new IllegalArgumentException("memremap_pages: " + pgmap.name + " has no range (call setRanges first)");
        if (pgmap.type == null) return einval(m, "Invalid pgmap type null");
        String freeName = m.design().freeCallbackName();
        boolean hasFree = pgmap.ops != null && pgmap.ops.folio_free != null;
        switch (pgmap.type) {
            case MEMORY_DEVICE_PRIVATE -> {
                if (pgmap.ops == null || pgmap.ops.migrate_to_ram == null)
                    return einval(m, "Missing migrate_to_ram method");
                if (!hasFree) return einval(m, "Missing " + freeName + " method");
                if (pgmap.owner == null) return einval(m, "Missing owner");
            }
            case MEMORY_DEVICE_COHERENT -> {
                if (!hasFree) return einval(m, "Missing " + freeName + " method");
                if (pgmap.owner == null) return einval(m, "Missing owner");
            }
            default -> { }
        }
        if ((1L << Math.min(pgmap.vmemmap_shift, 62)) > m.config.maxFolioNrPages()
                && m.WARN_ONCE(true, "requested folio size unsupported"))
            return -EINVAL;
        if (pgmap.ops != null) pgmap.ops.attach(m);
        pgmap.done.done = false;
        m.percpu_ref_init(pgmap.ref, () -> dev_pagemap_percpu_release(pgmap), "dev_pagemap_percpu_release");
        for (DevPagemap.Range r : pgmap.ranges) {
            for (DevPagemap other : m.pgmaps())
                if (other != pgmap && other.state == DevPagemap.State.LIVE || other != pgmap && other.state == DevPagemap.State.DYING)
                    for (DevPagemap.Range o : other.ranges)
                        if (r.start() < o.end() && o.start() < r.end())
                            throw new IllegalArgumentException("memremap_pages: range of " + pgmap.name + " overlaps " + other.name);
            m.populate(r.start(), r.end());
            memmap_init_zone_device(r.start(), r.pages(), pgmap);
            if (pgmap.type != MEMORY_DEVICE_PRIVATE && pgmap.type != MEMORY_DEVICE_COHERENT)
                m.percpu_ref_get_many(pgmap.ref, r.pages());
        }
        pgmap.state = DevPagemap.State.LIVE;
        // memremap_pages() prints nothing when it succeeds: this line is the workbench's.
        m.note(ModelNotes.Kind.INFO, "memremap_pages", String.format("%s %s pfn 0x%x-0x%x (%d pages) mapped", pgmap.name,
                pgmap.type, pgmap.startPfn(), pgmap.ranges.get(pgmap.ranges.size() - 1).end() - 1, pgmap.nrPages()));
        return 0;
    }

    private static long einval(Machine m, String message) {
        m.WARN(true, "%s", message);
        return -EINVAL;
    }

    /**
     * memmap_init_zone_device() / __init_zone_device_page(): zone = ZONE_DEVICE, PG_reserved, word 1 =
     * pgmap, zone_device_data = NULL, _mapcount = -1, refcount 0 (GENERIC idles at 1); with vmemmap_shift the
     * memmap is pre-built as compound pages of that order.
     */
    @Source(file = "mm/mm_init.c", ref = "v6.19",
            note = "__init_zone_device_page() sets PG_reserved on every ZONE_DEVICE page: mm/mm_init.c:1022 in 7.2.13,"
                    + " :1007 in 6.12.117 (__SetPageReserved(page), 'it will need to wait for onlining phase')")
    default void memmap_init_zone_device(long start_pfn, long nr_pages, DevPagemap pgmap) {
        Machine m = machine();
        Memmap mm = m.memmap;
        int s = Math.toIntExact(start_pfn - mm.basePfn);
        int e = Math.toIntExact(s + nr_pages);
        // __SetPageReserved(page): every ZONE_DEVICE page, whatever its type, carries PG_reserved.
        int flags = (PageFlagBits.ZONE_DEVICE << PageFlagBits.ZONES_PGSHIFT) | (1 << PageFlagBits.PG_reserved);
        int pg = Memmap.encodePgmap(pgmap.id);
        int ref = pgmap.type == MEMORY_DEVICE_GENERIC ? 1 : 0;
        for (int i = s; i < e; i++) {
            mm.flags[i] = flags;
            mm.word1[i] = pg;
            mm.refcount[i] = ref;
            mm.mapcount[i] = -1;
            mm.mapping[i] = Memmap.MAPPING_NULL;
            mm.nrPages[i] = 0;
        }
        mm.word2.keySet().removeIf(k -> k >= s && k < e);
        mm.word3Fields.keySet().removeIf(k -> k >= s && k < e);
        if (pgmap.vmemmap_shift > 0) {
            int order = pgmap.vmemmap_shift;
            for (int head = s; head + (1 << order) <= e; head += 1 << order)
                m.prep_compound_page(new Page(m, head), order);
        }
    }

    /** wake_up_var() (kernel/sched/wait_bit.c): FS-DAX wakes filesystem waiters for an idle page. */
    @Source(file = "kernel/sched/wait_bit.c", ref = "v6.19")
    default void wake_up_var(Page page) {
        machine().step("wake_up_var");
        machine().trace.event("wake_up_var", page.index(), 0, 0);
    }

    /** dev_pagemap_percpu_release(): the last reference is gone; complete(&pgmap->done). */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39")
    default void dev_pagemap_percpu_release(DevPagemap pgmap) {
        complete(pgmap.done);
    }

    @Source(file = "kernel/sched/completion.c", ref = "v6.19")
    default void complete(Completion x) {
        x.done = true;
    }

    /** wait_for_completion(): sleeps in D state until complete(); with nobody to complete it, a hung task. */
    @Source(file = "kernel/sched/completion.c", ref = "v6.19")
    default void wait_for_completion(Completion x) {
        Machine m = machine();
        m.step("wait_for_completion");
        List<String> stack = new ArrayList<>(List.of("schedule", "schedule_timeout", "__wait_for_common", "wait_for_completion"));
        for (String f : WarnSite.find("wait_for_completion").callTrace) if (!stack.contains(f)) stack.add(f);
        m.block(() -> x.done, "wait_for_completion", stack.toArray(String[]::new));
    }

    /**
     * memunmap_pages(): kill the ref; give back the references pre-taken for types other than
     * PRIVATE/COHERENT; wait until every handed-out page is freed; unmap the memmap; exit the ref.
     */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39")
    default void memunmap_pages(DevPagemap pgmap) {
        Machine m = machine();
        m.step("memunmap_pages");
        if (pgmap.state != DevPagemap.State.LIVE)
            throw new IllegalStateException("memunmap_pages: " + pgmap.name + " is " + pgmap.state + ", not LIVE");
        pgmap.state = DevPagemap.State.DYING;
        m.percpu_ref_kill(pgmap.ref);
        if (pgmap.type != MEMORY_DEVICE_PRIVATE && pgmap.type != MEMORY_DEVICE_COHERENT)
            for (DevPagemap.Range r : pgmap.ranges) m.percpu_ref_put_many(pgmap.ref, r.pages());
        wait_for_completion(pgmap.done);
        for (DevPagemap.Range r : pgmap.ranges) pageunmap_range(pgmap, r);
        m.percpu_ref_exit(pgmap.ref);
        pgmap.state = DevPagemap.State.UNMAPPED;
        m.note(ModelNotes.Kind.INFO, "memunmap_pages", pgmap.name + " unmapped");
    }

    /** pageunmap_range(): removes the memmap of the range; its struct pages no longer exist. */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39")
    default void pageunmap_range(DevPagemap pgmap, DevPagemap.Range range) {
        machine().step("pageunmap_range");
        machine().depopulate(range.start(), range.end());
    }

    /** get_dev_pagemap(pfn): the pgmap whose range holds pfn, with a reference (tryget_live), or null. */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39")
    default DevPagemap get_dev_pagemap(long pfn) {
        Machine m = machine();
        for (DevPagemap p : m.pgmaps())
            if ((p.state == DevPagemap.State.LIVE || p.state == DevPagemap.State.DYING) && p.contains(pfn))
                return m.percpu_ref_tryget_live_rcu(p.ref) ? p : null;
        return null;
    }

    @Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
    default void put_dev_pagemap(DevPagemap pgmap) {
        if (pgmap != null) machine().percpu_ref_put(pgmap.ref);
    }

    /**
     * page_pgmap(): from 6.15 (82ba975e4c43) page_folio(page)->pgmap, after VM_WARN_ON_ONCE_PAGE(!zone
     * device); before it, the page's own page->pgmap, which a tail's compound_head has overwritten.
     */
    @Source(file = "include/linux/memremap.h", ref = "82ba975e4c43")
    default DevPagemap page_pgmap(Page page) {
        Machine m = machine();
        if (m.config.placement == PgmapPlacement.PER_PAGE) return page.pgmap();
        m.VM_WARN_ON_ONCE_PAGE(!m.is_zone_device_page(page), page, "!is_zone_device_page(page)");
        return m.page_folio(page).pgmap();
    }

    /** The pgmap as seen from a folio: folio->pgmap (6.15+) or the head page's page->pgmap (before). */
    private DevPagemap folioPgmap(Folio folio) {
        return folio.pgmap();
    }

    @Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
    default boolean folio_is_device_private(Folio folio) {
        return machine().folio_is_zone_device(folio) && folioPgmap(folio).type == MEMORY_DEVICE_PRIVATE;
    }

    @Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
    default boolean is_device_private_page(Page page) {
        return folio_is_device_private(machine().page_folio(page));
    }

    @Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
    default boolean folio_is_device_coherent(Folio folio) {
        return machine().folio_is_zone_device(folio) && folioPgmap(folio).type == MEMORY_DEVICE_COHERENT;
    }

    @Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
    default boolean folio_is_fsdax(Folio folio) {
        return machine().folio_is_zone_device(folio) && folioPgmap(folio).type == MEMORY_DEVICE_FS_DAX;
    }

    @Source(file = "include/linux/memremap.h", ref = "85be0a262e39")
    default boolean folio_is_pci_p2pdma(Folio folio) {
        return machine().folio_is_zone_device(folio) && folioPgmap(folio).type == MEMORY_DEVICE_PCI_P2PDMA;
    }

    /** folio_zone_device_data(): the head's driver pointer; VM_BUG_ON_FOLIO if the folio is not device-private. */
    @Source(file = "include/linux/memremap.h", ref = "<20250916122128.2098535-2-balbirs@nvidia.com>")
    default Object folio_zone_device_data(Folio folio) {
        machine().VM_BUG_ON_FOLIO(!folio_is_device_private(folio), folio, "!folio_is_device_private(folio)");
        return folio.page().zone_device_data();
    }

    @Source(file = "include/linux/memremap.h", ref = "<20250916122128.2098535-2-balbirs@nvidia.com>")
    default void folio_set_zone_device_data(Folio folio, Object data) {
        machine().VM_BUG_ON_FOLIO(!folio_is_device_private(folio), folio, "!folio_is_device_private(folio)");
        folio.page().set_zone_device_data(data);
    }

    /**
     * zone_device_private_split_cb(original, new): without a folio_split op, copy pgmap and mapping to
     * the new folio; with one, call the driver. Called once more with new == null when the split is done.
     */
    @Source(file = "include/linux/memremap.h", ref = "<20251001065707.920170-1-balbirs@nvidia.com>",
            note = "v7 patch 'mm/memremap: add driver callback support for folio splitting'")
    default void zone_device_private_split_cb(Folio original_folio, Folio new_folio) {
        Machine m = machine();
        if (!folio_is_device_private(original_folio)) return;
        DevPagemap pgmap = original_folio.pgmap();
        if (pgmap.ops == null || pgmap.ops.folio_split == null) {
            if (new_folio != null) {
                new_folio.set_pgmap(pgmap);
                new_folio.set_mapping(original_folio.mapping());
            }
        } else {
            m.step("->folio_split");
            pgmap.ops.folio_split.folio_split(original_folio, new_folio);
        }
    }
}
