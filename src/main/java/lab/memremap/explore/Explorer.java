package lab.memremap.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import lab.memremap.model.CpuThreads;
import lab.memremap.model.Design;

/**
 * Searches the operations of a conforming driver for sequences that make a design fail, without
 * being told any scenario: a bounded exhaustive search of short sequences (breadth first, with
 * state hashing so that a state reached twice is explored once), two-CPU steps with the
 * interleavings of their kernel primitives, then a seeded random search of longer sequences. Every
 * failure is shrunk to a 1-minimal scenario (no single step can be removed) ({@link Counterexample}).
 *
 * <pre>
 * ExplorationReport r = Explorer.of(new D4_V6()).maxOps(4).run();
 * </pre>
 */
public final class Explorer {
    private final Design design;
    private List<Setup> setups = Setup.standard();
    private int maxOps = 4;
    private int pairDepth = 1;
    private int fits = 2;
    private long seed = 1;
    private int randomRuns = 50;
    private int randomLength = 10;
    private boolean stateHashing = true;
    private int maxShrinks = 150;

    private Explorer(Design design) {
        this.design = Objects.requireNonNull(design, "Explorer.of: design is null");
    }

    /** An explorer for any design, including one defined in a notebook cell. */
    public static Explorer of(Design design) {
        return new Explorer(design);
    }

    /** The setups (pgmaps) to explore, in turn; default: one PRIVATE pgmap, then one COHERENT pgmap. */
    public Explorer setups(List<Setup> s) {
        if (s.isEmpty()) throw new IllegalArgumentException("Explorer.setups: give at least one setup");
        this.setups = List.copyOf(s);
        return this;
    }

    public Explorer setup(Setup s) {
        return setups(List.of(s));
    }

    /**
     * Drive with a buggy driver instead (default off): it may also hand a page out twice, allocate while
     * memunmap_pages() runs and free a page it never allocated, to test a design's defensive checks.
     */
    public Explorer buggyDriver(boolean on) {
        this.setups = setups.stream().map(s -> on ? s.buggy() : s.conforming()).toList();
        return this;
    }

    /**
     * Stop at the first failure whose signature is not one of {@code known} (for instance, what the
     * search finds on mainline), unshrunk: how a mutation run asks "is anything new?" quickly. The
     * report then holds that one failure. Null (the default) searches and shrinks everything.
     */
    public Explorer stopAtFirstNew(Set<String> known) {
        this.stopUnless = known == null ? null : Set.copyOf(known);
        return this;
    }

    private Set<String> stopUnless;

    /** Thrown through the search when {@link #stopAtFirstNew} saw a new failure. */
    private static final class FirstNew extends RuntimeException {
        final Counterexample found;

        FirstNew(Counterexample found) {
            super(null, null, false, false);
            this.found = found;
        }
    }

    /** Length bound of the exhaustive search, in single-CPU steps (default 4). */
    public Explorer maxOps(int k) {
        if (k < 0) throw new IllegalArgumentException("Explorer.maxOps: " + k + " < 0");
        this.maxOps = k;
        return this;
    }

    /** Two-CPU steps are tried after prefixes of up to this many steps (default 1; -1 for none). */
    public Explorer pairDepth(int k) {
        this.pairDepth = k;
        return this;
    }

    /** Order-0 allocations may pick any of the lowest {@code k} free pages (default 2); larger orders take the lowest free range. */
    public Explorer fits(int k) {
        if (k < 1) throw new IllegalArgumentException("Explorer.fits: " + k + " < 1");
        this.fits = k;
        return this;
    }

    /** Seed of the random search (default 1). */
    public Explorer seed(long s) {
        this.seed = s;
        return this;
    }

    /** Number and length of the random walks after the exhaustive part (default 50 walks of 10 steps). */
    public Explorer random(int runs, int length) {
        if (runs < 0 || length < 1) throw new IllegalArgumentException("Explorer.random: " + runs + " runs of " + length);
        this.randomRuns = runs;
        this.randomLength = length;
        return this;
    }

    /** Prune states already seen (default true); off only to measure what hashing saves. */
    public Explorer stateHashing(boolean on) {
        this.stateHashing = on;
        return this;
    }

    /** At most this many failing sequences are shrunk per setup (default 150). */
    public Explorer maxShrinks(int k) {
        this.maxShrinks = k;
        return this;
    }

    // ---- the search --------------------------------------------------------------------------------

    /** A state of the search: the steps that reach it and what the driver knows there. */
    private record Node(List<Step> steps, DriverState state) {}

    /** A failing sequence waiting to be shrunk. */
    private record Candidate(List<Step> steps, Failure failure, List<String> shape) {}

    /** Counters of one exploration. */
    static final class Stats {
        long runs;
        long states;
        long pruned;
        long pairRuns;
        long randomRuns;
        long shrinkRuns;
        long steps;
    }

    public ExplorationReport run() {
        Stats stats = new Stats();
        List<Counterexample> found = new ArrayList<>();
        // Thousands of races: their CPU threads are reused from one to the next and end with the search.
        try (CpuThreads.Scope cpus = CpuThreads.reuse()) {
            for (Setup setup : setups) {
                try {
                    found.addAll(explore(setup, stats));
                } catch (FirstNew stop) {
                    return new ExplorationReport(design, setups, List.of(stop.found), stats, settings() + ", stopped at the first new failure");
                } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
                    // The design threw outside any step (e.g. while the driver booted): one entry says so.
                    found.add(new Counterexample(design, setup, List.of(), Run.modelError(e, 0)));
                }
            }
        }
        found.sort(Comparator.comparing((Counterexample c) -> !c.failure().kind().hard())
                .thenComparing(c -> c.failure().kind()).thenComparingInt(Counterexample::operations));
        return new ExplorationReport(design, setups, found, stats, settings());
    }

    private String settings() {
        return String.format("maxOps %d, two-CPU steps after prefixes of <= %d, fits %d, state hashing %s, seed %d,"
                + " %d random walks of %d steps", maxOps, pairDepth, fits, stateHashing ? "on" : "off", seed,
                randomRuns, randomLength);
    }

    private List<Counterexample> explore(Setup setup, Stats stats) {
        Map<String, List<Candidate>> candidates = new LinkedHashMap<>();
        Set<Long> visited = new HashSet<>();
        Run root = Run.execute(design, setup, List.of(), false, false);
        stats.runs++;
        offer(candidates, root, List.of());
        if (root.hasHardFailure()) return shrinkAll(setup, candidates, stats);
        visited.add(root.stateHash());
        stats.states++;
        List<Node> frontier = List.of(new Node(List.of(), root.driver().state()));
        for (int depth = 0; depth < maxOps && !frontier.isEmpty(); depth++) {
            List<Node> next = new ArrayList<>();
            for (Node node : frontier) {
                Map<Op, List<String>> primitivesOf = new LinkedHashMap<>();
                for (Op op : Moves.singles(node.state, fits)) {
                    Run run = runWith(node.steps, Step.of(op), setup, stats);
                    if (!run.conforming()) continue;
                    primitivesOf.put(op, run.lastStepPrimitives());
                    offer(candidates, run, run.executed());
                    if (run.hasHardFailure()) continue;
                    if (stateHashing && !visited.add(run.stateHash())) {
                        stats.pruned++;
                        continue;
                    }
                    stats.states++;
                    next.add(new Node(run.executed(), run.driver().state()));
                }
                if (depth <= pairDepth) explorePairs(node, primitivesOf, setup, candidates, stats);
            }
            frontier = next;
        }
        randomWalks(setup, candidates, stats);
        return shrinkAll(setup, candidates, stats);
    }

    private Run runWith(List<Step> prefix, Step step, Setup setup, Stats stats) {
        List<Step> steps = new ArrayList<>(prefix);
        steps.add(step);
        stats.runs++;
        Run run = Run.execute(design, setup, steps, false, false);
        stats.steps += run.driver().machine().clock();
        return run;
    }

    /**
     * Every pair of calls that race a hand-back, under schedules that preempt one CPU just before one
     * of the distinct kernel primitives its call makes (as learnt from running it alone) and let the
     * other run; a call that blocks (teardown) also gets to block first, with the other preempted.
     */
    private void explorePairs(Node node, Map<Op, List<String>> primitivesOf, Setup setup,
                              Map<String, List<Candidate>> candidates, Stats stats) {
        for (Op[] pair : Moves.pairs(node.state)) {
            for (int first = 0; first < 2; first++) {
                String me = first == 0 ? "A" : "B";
                String other = first == 0 ? "B" : "A";
                for (String at : preemptionPoints(node.state, pair[first], primitivesOf))
                    runPair(node, pair, me + " until " + at + "; " + other + "; " + me, setup, candidates, stats);
                if (pair[first].kind() != Op.Kind.TEARDOWN) continue;
                for (String at : preemptionPoints(node.state, pair[1 - first], primitivesOf))
                    runPair(node, pair, me + "; " + other + " until " + at + "; " + me + "; " + other, setup, candidates, stats);
            }
        }
    }

    /** The distinct primitives of a call after its first: preempting before each shows every hand-over point once. */
    private static List<String> preemptionPoints(DriverState s, Op op, Map<Op, List<String>> primitivesOf) {
        Op solo = op;
        if (op.isTemplate()) {
            int off = s.freeRange(op.pgmap(), op.order(), op.fit());
            if (off < 0) return List.of();
            solo = op.kind() == Op.Kind.ALLOC_LEGACY ? Op.allocLegacy(op.pgmap(), off) : Op.alloc(op.pgmap(), off, op.order());
        }
        List<String> names = primitivesOf.getOrDefault(solo, List.of());
        return names.stream().skip(1).distinct().filter(n -> !n.equals(names.get(0))).toList();
    }

    private Run runPair(Node node, Op[] pair, String schedule, Setup setup, Map<String, List<Candidate>> candidates,
                        Stats stats) {
        stats.pairRuns++;
        Run run = runWith(node.steps, Step.pair(pair[0], pair[1], schedule), setup, stats);
        if (!run.conforming()) return null;
        offer(candidates, run, run.executed());
        return run;
    }

    /** Seeded random walks of single and two-CPU steps, longer than the exhaustive bound. */
    private void randomWalks(Setup setup, Map<String, List<Candidate>> candidates, Stats stats) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + setups.indexOf(setup));
        for (int w = 0; w < randomRuns; w++) {
            Run run = Run.start(design, setup, false);
            stats.randomRuns++;
            for (int i = 0; i < randomLength; i++) {
                DriverState st = run.driver().state();
                Step step;
                List<Op[]> pairs = rng.nextInt(4) == 0 ? Moves.pairs(st) : List.of();
                if (!pairs.isEmpty()) {
                    Op[] p = pairs.get(rng.nextInt(pairs.size()));
                    int k = 1 + rng.nextInt(12);
                    step = Step.pair(p[0], p[1], rng.nextBoolean() ? "A " + k + "; B; A" : "B " + k + "; A; B");
                } else {
                    List<Op> singles = Moves.singles(st, fits);
                    if (singles.isEmpty()) break;
                    step = Step.of(singles.get(rng.nextInt(singles.size())));
                }
                int failuresBefore = run.failures().size();
                boolean goOn = run.step(step);
                if (!run.conforming()) break;
                if (run.failures().size() > failuresBefore) offer(candidates, run, run.executed());
                if (!goOn) break;
            }
            stats.steps += run.driver().machine().clock();
        }
    }

    /** Keeps a failing sequence unless an already kept one of the same failure is a subsequence of it. */
    private void offer(Map<String, List<Candidate>> candidates, Run run, List<Step> executed) {
        Set<String> seen = new HashSet<>();
        for (Failure f : run.failures()) {
            if (!seen.add(f.signature())) continue;
            if (stopUnless != null && !stopUnless.contains(f.signature()))
                throw new FirstNew(new Counterexample(design, run.driver().setup(),
                        List.copyOf(executed.subList(0, Math.min(executed.size(), f.step() + 1))), f));
            List<Step> steps = executed.subList(0, Math.min(executed.size(), f.step() + 1));
            List<String> shape = shape(steps);
            List<Candidate> list = candidates.computeIfAbsent(f.signature(), k -> new ArrayList<>());
            boolean covered = list.stream().anyMatch(c -> isSubsequence(c.shape, shape));
            if (!covered) list.add(new Candidate(List.copyOf(steps), f, shape));
        }
    }

    /**
     * The calls of a scenario without their offsets: what kind of scenario it is. An allocation says
     * where it lands relative to an earlier folio over the same pages: on its head, inside it, or fresh.
     */
    static List<String> shape(List<Step> steps) {
        List<String> out = new ArrayList<>();
        List<Op> before = new ArrayList<>();
        for (Step s : steps) {
            String a = word(s.a(), before, true);
            out.add(s.isPair() ? "pair(" + a + "," + word(s.b(), before, true) + ")" : a);
            before.addAll(s.ops());
        }
        return out;
    }

    private static String word(Op op, List<Op> before, boolean orders) {
        String w = op.kind().toString();
        if (orders && (op.isAlloc() || op.kind() == Op.Kind.SPLIT)) w += "/" + op.order();
        if (op.isAlloc() && !op.isTemplate()) w += "@" + landing(op, before);
        return w;
    }

    /** Where an allocation lands relative to the latest earlier allocation over its pages. */
    private static String landing(Op op, List<Op> before) {
        for (int i = before.size() - 1; i >= 0; i--) {
            Op old = before.get(i);
            if (!old.isAlloc() || old.isTemplate() || old.pgmap() != op.pgmap()) continue;
            int oldEnd = old.offset() + (1 << old.order());
            if (op.offset() >= oldEnd || old.offset() >= op.offset() + (1 << op.order())) continue;
            return op.offset() == old.offset() ? "head" : op.offset() > old.offset() ? "inside" : "over";
        }
        return "fresh";
    }

    private static boolean isSubsequence(List<String> small, List<String> big) {
        int i = 0;
        for (String s : big) if (i < small.size() && small.get(i).equals(s)) i++;
        return i == small.size();
    }

    /** Shrinks the kept sequences, fewest calls first, and keeps one counterexample per failure and 1-minimal shape. */
    private List<Counterexample> shrinkAll(Setup setup, Map<String, List<Candidate>> candidates, Stats stats) {
        List<Candidate> all = new ArrayList<>();
        candidates.values().forEach(all::addAll);
        all.sort(Comparator.comparing((Candidate c) -> !c.failure.kind().hard()).thenComparingInt(c -> Shrinker.size(c.steps))
                .thenComparing(c -> c.steps.stream().anyMatch(Step::isPair)));
        Shrinker shrinker = new Shrinker(design, setup);
        List<Counterexample> out = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        int shrunk = 0;
        for (Candidate c : all) {
            if (shrunk >= maxShrinks) break;
            String sig = c.failure.signature();
            boolean covered = out.stream().anyMatch(x -> x.failure().signature().equals(sig)
                    && isSubsequence(shape(x.steps()), c.shape));
            if (covered) continue;
            shrunk++;
            List<Step> small = shrinker.shrink(c.steps, sig);
            Run check = Run.executeLenient(design, setup, small);
            Failure f = check.failures().stream().filter(x -> x.signature().equals(sig)).findFirst().orElse(c.failure);
            if (kept.add(sig + shape(small))) out.add(new Counterexample(design, setup, small, f));
        }
        stats.shrinkRuns += shrinker.runs();
        return out;
    }
}
