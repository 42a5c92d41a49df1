package lab.memremap.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Bit numbers of page->flags (enum pageflags). Bits 0-9 are stable; the higher positions follow the
 * 6.19 enum order for x86_64 and vary with configuration (kernel-history.md §6). The zone number lives
 * in the upper bits, where the low-byte clearing of the reinit loop never reaches.
 */
@Source(file = "include/linux/page-flags.h", ref = "v6.19", note = "positions above 9 are config dependent [G]")
public final class PageFlagBits {
    private PageFlagBits() {}

    public static final int PG_locked = 0;
    public static final int PG_writeback = 1;
    public static final int PG_referenced = 2;
    public static final int PG_uptodate = 3;
    public static final int PG_dirty = 4;
    public static final int PG_lru = 5;
    public static final int PG_head = 6;
    public static final int PG_waiters = 7;
    public static final int PG_active = 8;
    public static final int PG_workingset = 9;
    public static final int PG_owner_priv_1 = 10;
    public static final int PG_owner_2 = 11;
    public static final int PG_arch_1 = 12;
    public static final int PG_reserved = 13;
    public static final int PG_private = 14;
    public static final int PG_private_2 = 15;
    public static final int PG_reclaim = 16;
    /** Anon folios (folio_add_new_anon_rmap); bit 17 on x86-64 in 6.12.117 and 7.2.13. */
    public static final int PG_swapbacked = 17;

    /** Second-page flags: the same bits, tested on page[1] of a large folio. */
    public static final int PG_large_rmappable = PG_workingset;
    public static final int PG_partially_mapped = PG_reclaim;
    /** Per-page flag of anon pages. */
    public static final int PG_anon_exclusive = PG_owner_2;

    /** Zone number field (ZONES_PGSHIFT): bits 28..30 of the model's 32-bit flags word. */
    public static final int ZONES_PGSHIFT = 28;
    public static final int ZONES_MASK = 0x7;
    public static final int ZONE_NORMAL = 2;
    public static final int ZONE_DEVICE = 4;

    private static final String[] NAMES = {
        "locked", "writeback", "referenced", "uptodate", "dirty", "lru", "head", "waiters",
        "active", "workingset", "owner_priv_1", "owner_2", "arch_1", "reserved", "private", "private_2", "reclaim",
        "swapbacked"
    };

    /**
     * The order %pGp names flags in: the pageflag_names table (__def_pageflag_names in
     * include/trace/events/mmflags.h:163 in 6.12.117, :142 in 7.2.13), not the bit order.
     */
    private static final int[] TABLE_ORDER = {PG_locked, PG_waiters, PG_referenced, PG_uptodate, PG_dirty, PG_lru,
        PG_active, PG_workingset, PG_owner_priv_1, PG_owner_2, PG_arch_1, PG_reserved, PG_private, PG_private_2,
        PG_writeback, PG_head, PG_reclaim, PG_swapbacked};

    /** The flag names set in {@code flags}, as dump_page prints them, e.g. "locked|uptodate|head". */
    public static String names(int flags) {
        List<String> out = new ArrayList<>();
        for (int bit : TABLE_ORDER)
            if ((flags & (1 << bit)) != 0) out.add(NAMES[bit]);
        return String.join("|", out);
    }

    public static int zone(int flags) {
        return (flags >>> ZONES_PGSHIFT) & ZONES_MASK;
    }

    public static String zoneName(int zone) {
        return switch (zone) {
            case ZONE_NORMAL -> "Normal";
            case ZONE_DEVICE -> "Device";
            default -> "zone" + zone;
        };
    }
}
