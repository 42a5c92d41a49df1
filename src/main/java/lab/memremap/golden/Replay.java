package lab.memremap.golden;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.memremap.design.Designs;
import lab.memremap.model.Config;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.Displayable;
import lab.memremap.model.Html;
import lab.memremap.model.KernelLog;
import lab.memremap.model.ProbeDump;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioFile;
import lab.memremap.scenario.ScenarioResult;

/**
 * Replays a golden trace on the model: runs the sequence the trace embeds on a design, dumps the
 * model's struct pages after each step exactly as the probe dumps the kernel's, and compares field by
 * field: every word of every page of each pgmap, and the pgmap's percpu_ref count and mode.
 * {@link #firstDifference()} is the first step, page and field where they disagree. WARN splats are
 * compared separately, by {@link #warningDifferences()}, when the traced kernel printed them (CONFIG_BUG=y).
 * <pre>{@code
 * Replay r = Replay.run(GoldenTrace.load("7.2", "k1-reinit"), Designs.byName("D9"));
 * r.matches();             // true: D9 is what Linux 7.2 does here
 * Replay.run(GoldenTrace.load("7.2", "k1-reinit"), Designs.byName("D7")).firstDifference();
 * }</pre>
 */
public final class Replay implements Displayable {
    private final GoldenTrace trace;
    private final Design design;
    private final List<TraceStep> modelSteps;
    private final String stopped;
    private final Difference first;

    private Replay(GoldenTrace trace, Design design, List<TraceStep> modelSteps, String stopped) {
        this.trace = trace;
        this.design = design;
        this.modelSteps = List.copyOf(modelSteps);
        this.stopped = stopped;
        this.first = compare();
    }

    /** The design a kernel series is checked against: D9 for 7.x, D0 before 6.15 for 6.12. */
    public static Design designFor(String series) {
        return series.startsWith("6.") ? Designs.byName("D0-pre6.15") : Designs.byName("D9");
    }

    /** The model configuration that matches the traced kernel's config (CONFIG_MM_ID from 6.15). */
    public static Config configFor(GoldenTrace trace) {
        String config = trace.header().getOrDefault("config", "");
        return Config.defaults().withMmId(config.contains("CONFIG_MM_ID=y"));
    }

    /** Replays {@code trace} on the design its kernel is checked against. */
    public static Replay run(GoldenTrace trace) {
        return run(trace, designFor(trace.series()));
    }

    /** Replays {@code trace} on {@code design} (a fresh instance: the run binds it to a new machine). */
    public static Replay run(GoldenTrace trace, Design design) {
        List<TraceStep> steps = new ArrayList<>();
        int[] logMark = {0};
        Scenario s = ScenarioFile.parse(trace.sequence(), trace.name() + " (# seq:)", (n, command, ctx, pgmaps) -> {
            Map<DevPagemap, String> names = new IdentityHashMap<>();
            pgmaps.forEach((name, p) -> names.put(p, name));
            TraceStep.Builder b = new TraceStep.Builder(n, command);
            pgmaps.forEach((name, p) -> {
                for (String line : ProbeDump.dump(ctx.machine(), name, p, names)) {
                    if (line.startsWith("pgmap ")) b.pgmap(line);
                    else b.pages(line);
                }
            });
            List<KernelLog.Entry> log = ctx.machine().log().entries();
            for (int i = logMark[0]; i < log.size(); i++)
                if (log.get(i).kind() == KernelLog.Kind.WARN) b.kernelLine("WARNING: " + log.get(i).firstLine());
            logMark[0] = log.size();
            steps.add(b.build());
        }).withConfig(configFor(trace));
        ScenarioResult r = s.run(design);
        return new Replay(trace, design, steps, r.notApplicable() != null ? "not applicable: " + r.notApplicable() : r.stopped());
    }

    /** Where kernel and model first disagree. */
    public record Difference(int step, String command, String page, String field, String kernel, String model) {
        @Override public String toString() {
            return String.format("step %d (%s), %s, %s: kernel %s, model %s", step, command, page, field, kernel, model);
        }
    }

    private Difference compare() {
        List<TraceStep> ks = trace.steps();
        for (int i = 0; i < ks.size(); i++) {
            TraceStep k = ks.get(i);
            if (i >= modelSteps.size())
                return new Difference(k.number(), k.command(), "-", "step", "ran",
                        "missing (" + (stopped != null ? "the model stopped: " + stopped : "the sequence has fewer steps") + ")");
            Difference d = compareStep(k, modelSteps.get(i));
            if (d != null) return d;
        }
        if (modelSteps.size() > ks.size()) {
            TraceStep m = modelSteps.get(ks.size());
            return new Difference(m.number(), m.command(), "-", "step", "missing", "ran");
        }
        return null;
    }

    private static Difference compareStep(TraceStep k, TraceStep m) {
        for (var e : k.refs().entrySet()) {
            String pgmap = e.getKey();
            Map<String, String> mr = m.refs().get(pgmap);
            if (mr == null) return diff(k, "pgmap " + pgmap, "pgmap", "present", "absent");
            Difference d = compareFields(k, "pgmap " + pgmap, e.getValue(), mr);
            if (d != null) return d;
            Map<Integer, Map<String, String>> kp = k.pages().get(pgmap), mp = m.pages().get(pgmap);
            int n = Math.max(kp.size(), mp.size());
            for (int off = 0; off < n; off++) {
                Map<String, String> kf = kp.get(off), mf = mp.get(off);
                String page = pgmap + " +" + off;
                if (kf == null || mf == null)
                    return diff(k, page, "struct page", kf == null ? "absent" : "present", mf == null ? "absent" : "present");
                d = compareFields(k, page, kf, mf);
                if (d != null) return d;
            }
        }
        for (String pgmap : m.refs().keySet())
            if (!k.refs().containsKey(pgmap)) return diff(k, "pgmap " + pgmap, "pgmap", "absent", "present");
        // WARN splats are compared apart (warningDifferences): a design may warn where the state is right.
        return null;
    }

    /** Fields in the order the kernel printed them, then any the model has and the kernel does not. */
    private static Difference compareFields(TraceStep k, String page, Map<String, String> kf, Map<String, String> mf) {
        for (var f : kf.entrySet()) {
            String mv = mf.get(f.getKey());
            if (!f.getValue().equals(mv)) return diff(k, page, f.getKey(), f.getValue(), mv == null ? "(no such field)" : mv);
        }
        for (var f : mf.entrySet())
            if (!kf.containsKey(f.getKey())) return diff(k, page, f.getKey(), "(no such field)", f.getValue());
        return null;
    }

    private static Difference diff(TraceStep k, String page, String field, String kernel, String model) {
        return new Difference(k.number(), k.command(), page, field, kernel, model);
    }

    public GoldenTrace trace() {
        return trace;
    }

    public Design design() {
        return design;
    }

    /** The model's steps, in the trace's form. */
    public List<TraceStep> modelSteps() {
        return modelSteps;
    }

    /** True when the traced kernel could print WARN splats (CONFIG_BUG=y in the trace header). */
    public boolean warningsTraced() {
        return trace.header().getOrDefault("config", "").contains("CONFIG_BUG=y");
    }

    /**
     * The steps where kernel and model printed a different number of WARNINGs ("step N: kernel K, model M
     * (first model warning)"); empty when they agree or when the kernel could not print them.
     */
    public List<String> warningDifferences() {
        List<String> out = new ArrayList<>();
        if (!warningsTraced()) return out;
        for (int i = 0; i < Math.min(trace.steps().size(), modelSteps.size()); i++) {
            TraceStep k = trace.steps().get(i), m = modelSteps.get(i);
            if (k.warnings() != m.warnings())
                out.add(String.format("step %d (%s): kernel %d, model %d %s", k.number(), k.command(), k.warnings(), m.warnings(),
                        m.kernelLines().isEmpty() ? k.kernelLines() : m.kernelLines()));
        }
        return out;
    }

    /** True when every step, page and field agrees. */
    public boolean matches() {
        return first == null;
    }

    public Optional<Difference> firstDifference() {
        return Optional.ofNullable(first);
    }

    /**
     * Step {@code n} (from 1) of kernel and model, page by page: "=" where every field agrees, "≠" where
     * one differs (then both lines). Runs of pages that agree and look alike are folded.
     */
    public String sideBySide(int n) {
        if (n < 1 || n > trace.steps().size())
            throw new IllegalArgumentException("sideBySide: step " + n + " is not in 1.." + trace.steps().size());
        TraceStep k = trace.steps().get(n - 1);
        TraceStep m = n <= modelSteps.size() ? modelSteps.get(n - 1) : null;
        StringBuilder sb = new StringBuilder(String.format("step %d: %s   (kernel: Linux %s, model: %s)%n", n, k.command(),
                trace.series(), design.name()));
        if (m == null) return sb.append("  the model has no step ").append(n).append('\n').toString();
        for (String pgmap : k.refs().keySet()) {
            Map<String, String> mr = m.refs().get(pgmap);
            sb.append(line(k.refs().get(pgmap).equals(mr), "pgmap " + pgmap, fields(k.refs().get(pgmap)), mr == null ? "(absent)" : fields(mr)));
            Map<Integer, Map<String, String>> kp = k.pages().get(pgmap), mp = m.pages().getOrDefault(pgmap, Map.of());
            int total = Math.max(kp.size(), mp.size());
            for (int off = 0, end; off < total; off = end) {
                Map<String, String> kf = kp.get(off), mf = mp.get(off);
                for (end = off + 1; end < total && java.util.Objects.equals(kp.get(end), kf) && java.util.Objects.equals(mp.get(end), mf); end++) { }
                String range = end - off > 1 ? "+" + off + "..+" + (end - 1) : "+" + off;
                sb.append(line(java.util.Objects.equals(kf, mf), range, kf == null ? "(absent)" : fields(kf), mf == null ? "(absent)" : fields(mf)));
            }
        }
        return sb.toString();
    }

    private static String line(boolean same, String what, String kernel, String model) {
        return same ? String.format("  = %-12s %s%n", what, kernel)
                : String.format("  ≠ %-12s kernel: %s%n    %-12s model:  %s%n", what, kernel, "", model);
    }

    private static String fields(Map<String, String> f) {
        StringBuilder sb = new StringBuilder();
        f.forEach((key, v) -> sb.append(sb.length() == 0 ? "" : " ").append(key).append('=').append(v));
        return sb.toString();
    }

    @Override public String toText() {
        return summary() + "\n" + (first == null ? "" : sideBySide(first.step()));
    }

    @Override public String toHtml() {
        return "<pre>" + Html.escape(toText()) + "</pre>";
    }

    /** One line: the design, the trace, and agreement or the first difference. */
    @Override public String summary() {
        return design.name() + " vs " + trace + ": " + verdict();
    }

    /** Agreement or the first difference, without the design's name: designs that depart alike read alike. */
    public String verdict() {
        return first == null ? "every step, page and field agrees" : "first difference at " + first;
    }

    @Override public String toString() {
        return summary();
    }
}
