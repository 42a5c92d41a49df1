package lab.memremap.explore;

import java.util.List;
import java.util.function.Predicate;
import lab.memremap.model.MemoryType;

/**
 * The bugs of kernel-history.md §1.4 that the explorer must rediscover by itself (issue 7's
 * acceptance list), each with the design it lives in and what a counterexample of it looks like.
 * The explorer is never told these; they only judge what it found.
 */
public enum HistoricBug {
    B1("D3", "COHERENT free drops one ref for a large folio (Chris Mason, 18 Sep 2025)",
            c -> !c.usesTwoCpus() && hasPgmapType(c, MemoryType.MEMORY_DEVICE_COHERENT) && freesOrderAtLeast(c, 2) && leak(c)),
    B3("D4", "order-1 folio: two refs taken, no compound page, one ref given back (Alistair Popple, 25 Sep 2025)",
            c -> !c.usesTwoCpus() && freesOrder(c, 1) && leak(c)),
    B5("D4", "order-0 init on a stale tail resolves page_folio() to the old head (Zi Yan, Sep 2025; S7)",
            HistoricBug::legacyInitOnStaleTail),
    B7("D7", "re-init of a freed large folio at another order acts on stale compound state (Brost/Dugast, Jan 2026; S9)",
            HistoricBug::reinitAtAnotherOrder),
    B8("D8", "free_zone_device_folio() touches the folio after ->folio_free() (Matthew Brost, 10 Apr 2026; S10)",
            c -> c.failure().kind() == FailureClass.USE_AFTER_FREE && pairOf(c, Op.Kind.FREE, true)),
    B2("D3", "refs dropped before the driver's callback: teardown runs under it (David Hildenbrand, 26 Aug 2025; S12)",
            c -> c.failure().kind() == FailureClass.USE_AFTER_FREE && pairOf(c, Op.Kind.TEARDOWN, false));

    /** The catalogue design the acceptance list finds it on. */
    public final String design;
    public final String what;
    private final Predicate<Counterexample> matches;

    HistoricBug(String design, String what, Predicate<Counterexample> matches) {
        this.design = design;
        this.what = what;
        this.matches = matches;
    }

    /** True when {@code c} is a hard failure shaped like this bug. */
    public boolean matches(Counterexample c) {
        return c.failure().kind().hard() && matches.test(c);
    }

    /** The counterexample with the fewest calls in {@code report} that shows this bug, or null. */
    public Counterexample in(ExplorationReport report) {
        return report.hardFailures().stream().filter(this::matches)
                .min(java.util.Comparator.comparingInt(Counterexample::operations)).orElse(null);
    }

    private static List<Op> ops(Counterexample c) {
        return c.steps().stream().flatMap(s -> s.ops().stream()).toList();
    }

    private static boolean hasPgmapType(Counterexample c, MemoryType t) {
        return ops(c).stream().anyMatch(o -> c.setup().pgmaps().get(o.pgmap()).type() == t);
    }

    /** A free of a folio the scenario allocated at an order of at least {@code order}. */
    private static boolean freesOrderAtLeast(Counterexample c, int order) {
        List<Op> ops = ops(c);
        for (int j = 0; j < ops.size(); j++) {
            Op a = ops.get(j);
            if (a.isAlloc() && !a.isTemplate() && a.order() >= order && freedBetween(ops, a, j, ops.size())) return true;
        }
        return false;
    }

    /** A free of a folio the scenario allocated at exactly {@code order}. */
    private static boolean freesOrder(Counterexample c, int order) {
        List<Op> ops = ops(c);
        for (int j = 0; j < ops.size(); j++) {
            Op a = ops.get(j);
            if (a.isAlloc() && !a.isTemplate() && a.order() == order && freedBetween(ops, a, j, ops.size())) return true;
        }
        return false;
    }

    /** Refs leaked: the ref-count invariant says more refs than pages handed out, or teardown hung. */
    private static boolean leak(Counterexample c) {
        return c.failure().kind() == FailureClass.HUNG || c.failure().site().contains("leaked");
    }

    /** A two-CPU step racing a free against {@code other} (an allocation when {@code alloc}). */
    private static boolean pairOf(Counterexample c, Op.Kind other, boolean alloc) {
        for (Step s : c.steps()) {
            if (!s.isPair()) continue;
            Op x = s.a();
            Op y = s.b();
            boolean free = x.kind() == Op.Kind.FREE || y.kind() == Op.Kind.FREE;
            Op o = x.kind() == Op.Kind.FREE ? y : x;
            if (free && (alloc ? o.isAlloc() : o.kind() == other)) return true;
        }
        return false;
    }

    /** A legacy order-0 init of a page that was a tail (not the head) of a large folio freed earlier. */
    private static boolean legacyInitOnStaleTail(Counterexample c) {
        List<Op> ops = ops(c);
        for (int i = 0; i < ops.size(); i++) {
            Op init = ops.get(i);
            if (init.kind() != Op.Kind.ALLOC_LEGACY || init.isTemplate()) continue;
            for (int j = 0; j < i; j++) {
                Op old = ops.get(j);
                if (old.isAlloc() && !old.isTemplate() && old.order() > 0 && old.pgmap() == init.pgmap()
                        && init.offset() > old.offset() && init.offset() < old.offset() + (1 << old.order())
                        && freedBetween(ops, old, j, i)) return true;
            }
        }
        return false;
    }

    /** An allocation overlapping a large folio freed earlier, at another order or another head. */
    private static boolean reinitAtAnotherOrder(Counterexample c) {
        List<Op> ops = ops(c);
        for (int i = 0; i < ops.size(); i++) {
            Op init = ops.get(i);
            if (!init.isAlloc() || init.isTemplate()) continue;
            for (int j = 0; j < i; j++) {
                Op old = ops.get(j);
                if (!old.isAlloc() || old.isTemplate() || old.order() == 0 || old.pgmap() != init.pgmap()) continue;
                boolean overlap = init.offset() < old.offset() + (1 << old.order()) && old.offset() < init.offset() + (1 << init.order());
                boolean different = init.order() != old.order() || init.offset() != old.offset();
                if (overlap && different && freedBetween(ops, old, j, i)) return true;
            }
        }
        return false;
    }

    private static boolean freedBetween(List<Op> ops, Op alloc, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            Op f = ops.get(k);
            if (f.kind() == Op.Kind.FREE && f.pgmap() == alloc.pgmap() && f.offset() == alloc.offset()) return true;
        }
        return false;
    }
}
