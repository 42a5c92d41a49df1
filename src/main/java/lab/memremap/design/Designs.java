package lab.memremap.design;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import lab.memremap.model.Config;
import lab.memremap.model.Design;
import lab.memremap.model.PgmapPlacement;

/**
 * The catalogue of designs (kernel-history.md §1.2-1.7, §2.10), by key. The fields are ready-made
 * instances for a notebook ({@code Designs.D4}); {@link #all()} and {@link #byName} make fresh ones.
 * To try an idea, extend one and override a kernel-named method:
 * <pre>{@code
 * Design mine = new D4_V6() {
 *     public String name() { return "D4+order0"; }
 *     public void zone_device_folio_init(Folio folio, int order) { ... if (order != 0) ... }
 * };
 * }</pre>
 */
public final class Designs {
    private Designs() {}

    /** Baseline v6.15-v6.18 (folio->pgmap). */
    public static final D0_Baseline D0 = new D0_Baseline();
    /** Baseline v6.1-v6.14 (page->pgmap in every struct page). */
    public static final D0_Baseline D0_PRE_6_15 = new D0_Baseline(PgmapPlacement.PER_PAGE);
    public static final D1_Rfc D1 = new D1_Rfc();
    public static final D2_V2 D2 = new D2_V2();
    public static final D3_V3 D3 = new D3_V3();
    /** v6, the seed patch. */
    public static final D4_V6 D4 = new D4_V6();
    public static final D5_ZiYan D5 = new D5_ZiYan();
    public static final D6_Hildenbrand D6 = new D6_Hildenbrand();
    public static final D7_V7 D7 = new D7_V7();
    public static final D7b_FreePrepare D7b = new D7b_FreePrepare();
    public static final D8_Reinit D8 = new D8_Reinit();
    public static final D9_Mainline D9 = new D9_Mainline();

    private static final List<Supplier<Design>> FACTORIES = List.of(
            D0_Baseline::new, () -> new D0_Baseline(PgmapPlacement.PER_PAGE), D1_Rfc::new, D2_V2::new, D3_V3::new,
            D4_V6::new, D5_ZiYan::new, D6_Hildenbrand::new, D7_V7::new, D7b_FreePrepare::new, D8_Reinit::new,
            D9_Mainline::new);

    /** Fresh instances of every catalogue design, in history order (D0, D0-pre6.15, D1 ... D7, D7b, D8, D9). */
    public static List<Design> all() {
        List<Design> out = new ArrayList<>();
        for (Supplier<Design> f : FACTORIES) out.add(f.get());
        return out;
    }

    /** The catalogue keys, in history order. */
    public static List<String> names() {
        return all().stream().map(Design::name).toList();
    }

    /** A fresh instance of the design called {@code name} (case-insensitive); the error lists the valid names. */
    public static Design byName(String name) {
        for (Supplier<Design> f : FACTORIES) {
            Design d = f.get();
            if (d.name().equalsIgnoreCase(name)) return d;
        }
        throw new IllegalArgumentException("Designs.byName: no design \"" + name + "\"; valid: " + String.join(", ", names()));
    }

    /** True when the design's init takes an order (every design but the pre-series baseline D0). */
    public static boolean hasOrders(Design design) {
        return !(design instanceof D0_Baseline);
    }

    /** The configuration a design runs under: {@code base}, with D0's pgmap placement where it has one. */
    public static Config configFor(Design design, Config base) {
        if (design instanceof D0_Baseline d0) return base.withPlacement(d0.placement);
        return base;
    }
}
