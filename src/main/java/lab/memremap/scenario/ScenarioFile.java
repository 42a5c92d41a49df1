package lab.memremap.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lab.memremap.driver.DeviceDriver;
import lab.memremap.driver.Dmirror;
import lab.memremap.driver.DrmBuddy;
import lab.memremap.model.DevPagemap;
import lab.memremap.model.MemoryType;

/**
 * Scenarios as small text files, for {@code ./workbook scenario --file F}. One command per line,
 * {@code #} starts a comment:
 * <pre>
 * scenario S99 order 1, then driver removal     # id, then the one-line purpose
 * buddy vram 1024 PRIVATE                       # a DRM-buddy driver named vram over 1024 pages
 * dmirror dev 512 COHERENT                      # a test_hmm-like driver with 512-page chunks
 * pgmap dax 512 GENERIC                         # a pgmap nobody allocates from (device-dax, pmem)
 * put dax +0                                    # put_page() on page 0 of a pgmap named by "pgmap"
 * alloc a vram order 1 at 0                     # buddy: [at OFFSET] [legacy]; dmirror: order 0 or 9
 * migrated a                                    # map anon, then unmap (what migrated data goes through)
 * map a pmd | map a ptes ; unmap a all | unmap a FIRST NR
 * split a 0
 * shrink                                        # the deferred-split shrinker runs (drop_caches)
 * free a
 * race A until ->folio_free returned; B; A      # then one line per CPU program step, "A: cmd"
 * A: free a
 * B: alloc b vram order 10 at 0
 * end
 * teardown
 * observe any text
 * </pre>
 * The sequences in {@code examples/kernel/} run both here and in a real kernel (src/kernel-probe):
 * {@link #parse(String, String, StepObserver)} calls back after each top-level command, where the
 * golden-trace replay dumps the struct pages as the probe does.
 */
public final class ScenarioFile {
    private ScenarioFile() {}

    public static Scenario load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses the text; errors name the source, the line number and the offending text. */
    public static Scenario parse(String text, String source) {
        return parse(text, source, null);
    }

    /** Called after each top-level command (a race counts as one), numbered from 1 as the probe numbers them. */
    @FunctionalInterface
    public interface StepObserver {
        /** {@code pgmaps}: each driver's first pgmap by the name the file gave the driver. */
        void afterStep(int step, String command, ScenarioContext ctx, Map<String, DevPagemap> pgmaps);
    }

    /** Parses the text; {@code observer} (may be null) sees the state after every top-level command. */
    public static Scenario parse(String text, String source, StepObserver observer) {
        String id = null;
        String purpose = "";
        List<Consumer<Env>> steps = new ArrayList<>();
        List<String> stepLines = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = strip(lines[i]);
            if (line.isEmpty()) continue;
            int n = i + 1;
            if (line.startsWith("scenario ")) {
                String[] w = line.split("\\s+", 3);
                id = w[1];
                purpose = w.length > 2 ? w[2] : "";
            } else if (line.startsWith("race ")) {
                String schedule = line.substring(5).trim();
                List<List<Consumer<Env>>> cpus = new ArrayList<>();
                int j = i + 1;
                for (; j < lines.length; j++) {
                    String l = strip(lines[j]);
                    if (l.isEmpty()) continue;
                    if (l.equals("end")) break;
                    if (l.length() < 3 || l.charAt(1) != ':' || l.charAt(0) < 'A' || l.charAt(0) > 'H')
                        throw error(source, j + 1, l, "inside a race, write \"A: command\" ... and close with \"end\"");
                    int cpu = l.charAt(0) - 'A';
                    while (cpus.size() <= cpu) cpus.add(new ArrayList<>());
                    cpus.get(cpu).add(command(l.substring(2).trim(), source, j + 1));
                }
                if (j == lines.length) throw error(source, n, line, "race without \"end\"");
                i = j;
                stepLines.add(line);
                steps.add(env -> {
                    Runnable[] programs = new Runnable[cpus.size()];
                    for (int c = 0; c < cpus.size(); c++) {
                        List<Consumer<Env>> prog = cpus.get(c);
                        programs[c] = () -> prog.forEach(s -> s.accept(env));
                    }
                    env.ctx.race(schedule, programs);
                });
            } else {
                stepLines.add(line);
                steps.add(command(line, source, n));
            }
        }
        if (id == null) throw error(source, 1, "", "no \"scenario ID purpose\" line");
        return Scenario.of(id, purpose, ctx -> {
            Env env = new Env(ctx);
            for (int k = 0; k < steps.size(); k++) {
                steps.get(k).accept(env);
                if (observer != null) observer.afterStep(k + 1, stepLines.get(k), ctx, env.pgmaps());
            }
        });
    }

    /** Drivers by the names the file gave them. */
    private static final class Env {
        final ScenarioContext ctx;
        final Map<String, DeviceDriver> drivers = new LinkedHashMap<>();
        /** Pgmaps of no driver, by the names "pgmap" lines gave them. */
        final Map<String, DevPagemap> bare = new LinkedHashMap<>();

        Env(ScenarioContext ctx) {
            this.ctx = ctx;
        }

        Map<String, DevPagemap> pgmaps() {
            Map<String, DevPagemap> out = new LinkedHashMap<>();
            drivers.forEach((name, d) -> {
                if (!d.pgmaps().isEmpty()) out.put(name, d.pgmaps().get(0));
            });
            out.putAll(bare);
            return out;
        }

        DeviceDriver driver(String name) {
            DeviceDriver d = drivers.get(name);
            if (d == null) throw new IllegalArgumentException("scenario file: no driver \"" + name + "\"; defined: " + drivers.keySet());
            return d;
        }
    }

    private static String strip(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).trim();
    }

    private static Consumer<Env> command(String line, String source, int n) {
        String[] w = line.split("\\s+");
        try {
            switch (w[0]) {
                case "buddy" -> {
                    int pages = Integer.parseInt(w[2]);
                    MemoryType t = type(w, 3);
                    return env -> env.drivers.put(w[1], env.ctx.buddy(t, pages));
                }
                case "dmirror" -> {
                    int chunk = Integer.parseInt(w[2]);
                    MemoryType t = type(w, 3);
                    return env -> env.drivers.put(w[1], env.ctx.dmirror(t, chunk));
                }
                case "pgmap" -> {
                    int pages = Integer.parseInt(w[2]);
                    MemoryType t = type(w, 3);
                    return env -> env.bare.put(w[1], env.ctx.pgmap(w[1], t, pages, 0));
                }
                case "put" -> {
                    if (w.length != 3 || !w[2].startsWith("+")) throw new IllegalArgumentException("put PGMAP +OFFSET");
                    int off = Integer.parseInt(w[2].substring(1));
                    return env -> {
                        DevPagemap p = env.bare.get(w[1]);
                        if (p == null) throw new IllegalArgumentException("scenario file: no pgmap \"" + w[1] + "\"; defined: " + env.bare.keySet());
                        env.ctx.put_page(p.page(off));
                    };
                }
                case "alloc" -> {
                    if (w.length < 5 || !w[3].equals("order")) throw new IllegalArgumentException("alloc NAME DRIVER order K [at OFF] [legacy]");
                    int order = Integer.parseInt(w[4]);
                    int at = -1;
                    boolean legacy = false;
                    for (int k = 5; k < w.length; k++) {
                        if (w[k].equals("at")) at = Integer.parseInt(w[++k]);
                        else if (w[k].equals("legacy")) legacy = true;
                        else throw new IllegalArgumentException("unknown word \"" + w[k] + "\"");
                    }
                    final int off = at;
                    final boolean leg = legacy;
                    return env -> {
                        DeviceDriver d = env.driver(w[2]);
                        if (d instanceof DrmBuddy b) {
                            if (leg) env.ctx.allocLegacy(w[1], b, Math.max(off, 0));
                            else if (off >= 0) env.ctx.allocAt(w[1], b, off, order);
                            else env.ctx.alloc(w[1], b, order);
                        } else if (d instanceof Dmirror dm) {
                            env.ctx.allocate(w[1], dm, order != 0);
                        }
                    };
                }
                case "migrated" -> {
                    return env -> env.ctx.migrated(w[1]);
                }
                case "map" -> {
                    boolean pmd = w[2].equals("pmd");
                    return env -> env.ctx.mapAnon(w[1], pmd);
                }
                case "unmap" -> {
                    if (w[2].equals("all")) return env -> env.ctx.unmapAll(w[1]);
                    int first = Integer.parseInt(w[2]);
                    int nr = Integer.parseInt(w[3]);
                    return env -> env.ctx.unmapPartial(w[1], first, nr);
                }
                case "split" -> {
                    int order = Integer.parseInt(w[2]);
                    return env -> env.ctx.split(w[1], order);
                }
                case "shrink" -> {
                    return env -> env.ctx.shrink();
                }
                case "free" -> {
                    return env -> env.ctx.free(w[1]);
                }
                case "teardown" -> {
                    return env -> env.ctx.teardown();
                }
                case "observe" -> {
                    String t = line.substring("observe".length()).trim();
                    return env -> env.ctx.observe(t);
                }
                default -> throw new IllegalArgumentException("unknown command \"" + w[0]
                        + "\"; commands: scenario, buddy, dmirror, pgmap, put, alloc, migrated, map, unmap, split, shrink, free, race, teardown, observe");
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw error(source, n, line, "too few words");
        } catch (IllegalArgumentException e) {
            throw error(source, n, line, e.getMessage());
        }
    }

    private static MemoryType type(String[] w, int i) {
        if (w.length <= i) return MemoryType.MEMORY_DEVICE_PRIVATE;
        return MemoryType.valueOf(w[i].startsWith("MEMORY_DEVICE_") ? w[i] : "MEMORY_DEVICE_" + w[i]);
    }

    private static IllegalArgumentException error(String source, int line, String text, String why) {
        return new IllegalArgumentException(String.format("%s:%d: %s (\"%s\")", source, line, why, text));
    }
}
