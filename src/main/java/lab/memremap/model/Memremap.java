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
     * memremap_pages(), its checks in the kernel's order: nr_range (WARN_ONCE), vmemmap_shift above
     * MAX_FOLIO_ORDER (WARN_ONCE, from 6.18 on: it is not in 6.12.117 and is in 7.2.13), then per type:
     * PRIVATE needs ops, migrate_to_ram, the free callback and an owner; COHERENT reads
     * pgmap->ops->free unchecked (NULL ops is an oops) and needs an owner; an unknown type WARNs and
     * goes on. Then the completion and the percpu_ref, and per range pagemap_range(): a range that
     * conflicts with a live pgmap is WARN(1, "Conflicting mapping in same section") and -ENOMEM; the
     * memmap init; and for types other than PRIVATE/COHERENT pfn_len() references, one per compound
     * page (range pages >> vmemmap_shift). Returns 0 or a negative errno (the kernel an address or ERR_PTR).
     */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39", warnLines = {
        "WARN_ONCE(nr_range must be specified)@6.12=302", "WARN_ONCE(nr_range must be specified)@7.2=276",
        "WARN_ONCE(nr_range must be specified)@7.0=276",
        "WARN(Missing migrate_to_ram method)@6.12=312", "WARN(Missing page_free method)[PRIVATE]@6.12=316",
        "WARN(Missing owner)[PRIVATE]@6.12=320", "WARN(Missing page_free method)[COHERENT]@6.12=326",
        "WARN(Missing owner)[COHERENT]@6.12=330", "WARN[type]@6.12=347",
        "WARN(Missing migrate_to_ram method)@7.2=289", "WARN(Missing folio_free method)[PRIVATE]@7.2=293",
        "WARN(Missing owner)[PRIVATE]@7.2=297", "WARN(Missing folio_free method)[COHERENT]@7.2=303",
        "WARN(Missing owner)[COHERENT]@7.2=307", "WARN[type]@7.2=320",
        "WARN(Missing migrate_to_ram method)@7.0=289", "WARN(Missing folio_free method)[PRIVATE]@7.0=293",
        "WARN(Missing owner)[PRIVATE]@7.0=297", "WARN(Missing folio_free method)[COHERENT]@7.0=303",
        "WARN(Missing owner)[COHERENT]@7.0=307", "WARN[type]@7.0=320"},
            note = "85be0a262e39 (gregkh/linux) has the same lines as 7.2.13 up to free_zone_device_folio(): only"
                    + " single-line edits in pageunmap_range() differ; 7.0 in the table stands for that snapshot")
    default long memremap_pages(DevPagemap pgmap, int nid) {
        Machine m = machine();
        m.step("memremap_pages");
        if (pgmap.isBogus() || pgmap.state != DevPagemap.State.NEW)
            throw new IllegalStateException("memremap_pages: " + pgmap.name + " is " + pgmap.state + ", not a fresh pgmap");
        if (pgmap.ranges.isEmpty()) {
            Diagnostics.warn(m, "WARN_ONCE", "nr_range must be specified", true, "nr_range must be specified");
            return -EINVAL;
        }
        ModelLimits.checkPgmap(m, pgmap);  // the model's own limits (memmap indexing, heap), before any change
        // Added with David Hildenbrand's nth_page() clean-up (6.18): not in 6.12.117, present in 7.2.13.
        if (m.kernelAtLeast(6, 18) && (1L << Math.min(pgmap.vmemmap_shift, 62)) > m.config.maxFolioNrPages()) {
            Diagnostics.warn(m, "WARN_ONCE", "requested folio size unsupported", true, "requested folio size unsupported");
            return -EINVAL;
        }
        String freeName = m.design().freeCallbackName();
        String missingFree = "Missing " + freeName + " method";
        switch (pgmap.type == null ? "" : pgmap.type.name()) {
            case "MEMORY_DEVICE_PRIVATE" -> {
                if (pgmap.ops == null || pgmap.ops.migrate_to_ram == null)
                    return einval(m, "Missing migrate_to_ram method", "PRIVATE");
                // The member this version has: ->page_free before v7 (6.12.117 :316), ->folio_free from v7 (7.2.13 :293).
                if (!pgmap.ops.has(freeName)) return einval(m, missingFree, "PRIVATE");
                if (pgmap.owner == null) return einval(m, "Missing owner", "PRIVATE");
            }
            case "MEMORY_DEVICE_COHERENT" -> {
                // No NULL check of pgmap->ops here in the kernel: a COHERENT pgmap without ops oopses.
                if (!m.deref(pgmap.ops, "pgmap->ops").has(freeName)) return einval(m, missingFree, "COHERENT");
                if (pgmap.owner == null) return einval(m, "Missing owner", "COHERENT");
            }
            case "MEMORY_DEVICE_FS_DAX", "MEMORY_DEVICE_GENERIC", "MEMORY_DEVICE_PCI_P2PDMA" -> { }
            default -> Diagnostics.warn(m, "WARN", "Invalid pgmap type " + (pgmap.type == null ? 0 : pgmap.type.ordinal()),
                    false, "Invalid pgmap type", "type");
        }
        if (pgmap.ops != null) pgmap.ops.attach(m);
        pgmap.done.done = false;
        m.percpu_ref_init(pgmap.ref, () -> dev_pagemap_percpu_release(pgmap), "dev_pagemap_percpu_release");
        for (DevPagemap.Range r : pgmap.ranges) {
            int error = pagemap_range(pgmap, r);
            if (error != 0) {
                // memremap_pages() unwinds: nothing was mapped, the ref goes.
                m.percpu_ref_exit(pgmap.ref);
                return error;
            }
        }
        pgmap.state = DevPagemap.State.LIVE;
        // memremap_pages() prints nothing when it succeeds: this line is the workbench's.
        m.note(ModelNotes.Kind.INFO, "memremap_pages", String.format("%s %s pfn 0x%x-0x%x (%d pages) mapped", pgmap.name,
                pgmap.type, pgmap.startPfn(), pgmap.ranges.get(pgmap.ranges.size() - 1).end() - 1, pgmap.nrPages()));
        return 0;
    }

    int ENOMEM = 12;

    /**
     * pagemap_range(): a range whose first or last pfn already belongs to a live pgmap is
     * WARN(1, "Conflicting mapping in same section") and -ENOMEM; otherwise populate the memmap,
     * initialise it, and for types other than PRIVATE/COHERENT take pfn_len() references.
     */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39", warnLines = {
        "WARN(Conflicting mapping in same section)@6.12=184", "WARN(Conflicting mapping in same section)@7.2=158",
        "WARN(Conflicting mapping in same section)@7.0=158"})
    default int pagemap_range(DevPagemap pgmap, DevPagemap.Range r) {
        Machine m = machine();
        for (DevPagemap other : m.pgmaps())
            if (other != pgmap && (other.state == DevPagemap.State.LIVE || other.state == DevPagemap.State.DYING))
                for (DevPagemap.Range o : other.ranges)
                    if (r.start() < o.end() && o.start() < r.end()) {
                        Diagnostics.warn(m, "WARN", "Conflicting mapping in same section", false,
                                "Conflicting mapping in same section");
                        return -ENOMEM;
                    }
        m.populate(r.start(), r.end());
        memmap_init_zone_device(r.start(), r.pages(), pgmap);
        if (pgmap.type != MEMORY_DEVICE_PRIVATE && pgmap.type != MEMORY_DEVICE_COHERENT)
            m.percpu_ref_get_many(pgmap.ref, pfn_len(pgmap, r));
        return 0;
    }

    /**
     * pfn_len(): the references memremap_pages() takes (and memunmap_pages() gives back) for a range
     * of a type other than PRIVATE/COHERENT: PHYS_PFN(range_len) &gt;&gt; vmemmap_shift, one per
     * compound page, not one per pfn (mm/memremap.c:80-84 in 7.2.13; Errata 10).
     */
    @Source(file = "mm/memremap.c", ref = "85be0a262e39")
    default long pfn_len(DevPagemap pgmap, DevPagemap.Range range) {
        return range.pages() >> pgmap.vmemmap_shift;
    }

    /** A WARN(1, message) of memremap_pages() and -EINVAL; the label tells the PRIVATE and COHERENT checks apart. */
    private static long einval(Machine m, String message, String label) {
        Diagnostics.warn(m, "WARN", message, false, message, label);
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
        // __init_single_page() sets refcount 1; __init_zone_device_page() then sets 0 for PRIVATE and COHERENT
        // (6.12.117: mm/mm_init.c:1021-1023) and, from 6.15 (the FS-DAX refcount series), also for FS_DAX and
        // P2PDMA (7.2.13: :1041-1051). GENERIC stays at 1.
        int ref = pgmap.type == MEMORY_DEVICE_PRIVATE || pgmap.type == MEMORY_DEVICE_COHERENT ? 0
                : pgmap.type == MEMORY_DEVICE_GENERIC || !m.kernelAtLeast(6, 15) ? 1 : 0;
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
            for (int head = s; head + (1 << order) <= e; head += 1 << order) {
                m.prep_compound_page(new Page(m, head), order);
                // memmap_init_compound(): set_page_count(page, 0) on every tail (mm/mm_init.c:1099 in 7.2.13).
                for (int t = head + 1; t < head + (1 << order); t++) mm.refcount[t] = 0;
            }
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
            for (DevPagemap.Range r : pgmap.ranges) m.percpu_ref_put_many(pgmap.ref, pfn_len(pgmap, r));
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

    /**
     * folio_zone_device_data(): the head's driver pointer; VM_WARN_ON_FOLIO (the kernel goes on) if the
     * folio is not device-private. Added by the series, not by v6 01/15 (Errata 11): VM_WARN_ON_FOLIO from
     * v5 on and in mainline; the exact patch that added them is not known to the model.
     */
    @Source(file = "include/linux/memremap.h", ref = "v6.19",
            warnLines = {"VM_WARN_ON_FOLIO(!folio_is_device_private(folio))@7.2=188"},
            note = "include/linux/memremap.h:186-190 in 7.2.13")
    default Object folio_zone_device_data(Folio folio) {
        machine().VM_WARN_ON_FOLIO(!folio_is_device_private(folio), folio, "!folio_is_device_private(folio)");
        return folio.page().zone_device_data();
    }

    @Source(file = "include/linux/memremap.h", ref = "v6.19",
            warnLines = {"VM_WARN_ON_FOLIO(!folio_is_device_private(folio))@7.2=194"},
            note = "include/linux/memremap.h:192-196 in 7.2.13")
    default void folio_set_zone_device_data(Folio folio, Object data) {
        machine().VM_WARN_ON_FOLIO(!folio_is_device_private(folio), folio, "!folio_is_device_private(folio)");
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
