package lab.memremap.scenario;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.memremap.design.Designs;
import lab.memremap.design.NotApplicable;
import lab.memremap.model.Design;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.KernelLog;
import lab.memremap.model.Machine;
import lab.memremap.model.ModelNotes;
import lab.memremap.model.Oops;
import lab.memremap.model.ScenarioStopped;

/** Runs a scenario on a design and classifies what happened into {@link Outcome}s. */
final class ScenarioRunner {
    private ScenarioRunner() {}

    static ScenarioResult run(Scenario scenario, Design design, java.util.function.Consumer<Machine> onBoot) {
        Machine m = Machine.boot(Designs.configFor(design, scenario.config()), design);
        onBoot.accept(m);
        ScenarioContext ctx = new ScenarioContext(m, design);
        String stopped = null;
        String na = null;
        Throwable javaException = null;
        try {
            scenario.body().accept(ctx);
        } catch (NotApplicable e) {
            na = e.getMessage();
        } catch (ScenarioStopped e) {
            stopped = e.getMessage();
        } catch (Oops e) {
            stopped = "oops: " + e.getMessage();
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            // Not a kernel oops: modelled dereferences go through Pointers.deref(). This is the Java code's own
            // bug (a NullPointerException, or anything a reader's design or scenario throws): one cell says so.
            // LinkageError too: a notebook that redefines a class a design uses leaves it a NoClassDefFoundError.
            // Other Errors (a cell's interrupt, ThreadDeath; OutOfMemoryError) stop the whole run, as they should.
            javaException = e;
            stopped = javaException(scenario, design, e);
        } finally {
            try {
                ctx.end();
            } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
                if (javaException == null) {
                    javaException = e;
                    stopped = javaException(scenario, design, e);
                }
            }
        }
        EnumSet<Outcome> outcomes = na != null ? EnumSet.of(Outcome.NA) : classify(m, ctx);
        if (javaException != null) outcomes.add(Outcome.EXCEPTION);
        outcomes.remove(javaException != null ? Outcome.OK : Outcome.EXCEPTION);
        Map<String, Long> refs = new LinkedHashMap<>();
        for (DevPagemap p : m.pgmaps()) refs.put(p.name, p.ref.count());
        return new ScenarioResult(scenario, design, m, outcomes, List.copyOf(ctx.observations),
                List.copyOf(ctx.staleNotes), List.copyOf(ctx.violations), refs, stopped, na, List.copyOf(ctx.ops));
    }

    /** What an EXCEPTION cell says: the scenario, the design, and the Java exception with its frames. */
    static String javaException(Scenario scenario, Design design, Throwable e) {
        return "Java exception in scenario " + scenario.id() + " on design " + design.name()
                + " (the Java code's own bug, not a kernel event): " + javaTrace(e);
    }

    /** The exception and the frames of the Java code that threw it (up to the model's own scenario runner). */
    static String javaTrace(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("lab.memremap.scenario.")) break;
            sb.append("\n\tat ").append(e);
        }
        return sb.toString();
    }

    /** The first kernel-named frame (lower case with an underscore) of an exception: where the C code was. */
    static String kernelFunction(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String n = e.getMethodName();
            if (n.indexOf('_') > 0 && n.equals(n.toLowerCase()) && !n.startsWith("lambda$")) return n;
        }
        return "?";
    }

    static EnumSet<Outcome> classify(Machine m, ScenarioContext ctx) {
        EnumSet<Outcome> out = EnumSet.noneOf(Outcome.class);
        for (KernelLog.Entry e : m.log().entries()) {
            switch (e.kind()) {
                case WARN -> out.add(Outcome.WARN);
                case BUG -> out.add(Outcome.BUG);
                case PERCPU_UNDERFLOW -> out.add(Outcome.OVER_PUT);
                case HUNG -> {
                    // memunmap_pages() waiting for refs that never come back is §5's LEAK; any other
                    // sleeper that nothing wakes (a stale PG_locked) is a HANG; "(waiting)" lines are
                    // the other CPUs of the same report.
                    // A count below zero never passes through zero again: that hang is the over-put's.
                    if (e.text().contains("memunmap_pages")) out.add(dyingCount(m) > 0 ? Outcome.LEAK : Outcome.OVER_PUT);
                    else if (e.text().contains("__folio_lock")) out.add(Outcome.HANG);
                }
                default -> { }
            }
        }
        if (m.notes().has(ModelNotes.Kind.USE_AFTER_FREE)) out.add(Outcome.UAF);
        // A pgmap count below zero at any point is an over-put, even if the pgmap is gone by the end.
        for (var ev : m.trace().events())
            if (ev.target().endsWith("->ref") && ev.value() < 0) {
                out.add(Outcome.OVER_PUT);
                break;
            }
        if (!ctx.staleNotes.isEmpty()) out.add(Outcome.STALE);
        for (String v : ctx.violations) {
            if (ctx.frozenViolations.contains(v)) continue;
            Outcome o = classifyViolation(v);
            if (o != null) out.add(o);
        }
        if (out.isEmpty()) out.add(Outcome.OK);
        return out;
    }

    /** The largest count of a pgmap that memunmap_pages() is waiting for (0 if none). */
    private static long dyingCount(Machine m) {
        long max = Long.MIN_VALUE;
        for (DevPagemap p : m.pgmaps()) if (p.state() == DevPagemap.State.DYING) max = Math.max(max, p.ref.count());
        return max == Long.MIN_VALUE ? 0 : max;
    }

    /** An invariant line (Machine.checkInvariants) as an outcome class. */
    static Outcome classifyViolation(String v) {
        if (v.contains("percpu_ref count") && v.contains("< 0")) return Outcome.OVER_PUT;
        int i = v.indexOf(": ref count ");
        if (i >= 0) {
            String[] w = v.substring(i + ": ref count ".length()).split("[ ,]+");
            long count = Long.parseLong(w[0]);
            long expected = Long.parseLong(w[2]);
            return count > expected ? Outcome.LEAK : Outcome.OVER_PUT;
        }
        // Tails still pointing at a live head that is no longer compound are left-overs no code has acted
        // on yet (§4 S9's residual for D8/D9): reported in the violations column, not classified.
        if (v.contains("which is not a head")) return null;
        if (v.contains("does not cover") || v.contains("stray PG_locked") || v.contains("another pgmap") || v.contains("refcount"))
            return Outcome.STALE;
        return null;
    }
}
