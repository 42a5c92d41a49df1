package lab.memremap.golden;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a trace (the kernel's or the model's): the command, each pgmap's ref line, every page's
 * fields by offset, and the kernel's WARNING/BUG lines printed during the step.
 */
public final class TraceStep {
    private final int number;
    private final String command;
    private final Map<String, Map<String, String>> refs;
    private final Map<String, Map<Integer, Map<String, String>>> pages;
    private final List<String> kernelLines;
    private final String merged;

    private TraceStep(Builder b) {
        this.number = b.number;
        this.command = b.command;
        this.refs = Collections.unmodifiableMap(b.refs);
        this.pages = Collections.unmodifiableMap(b.pages);
        this.kernelLines = List.copyOf(b.kernelLines);
        this.merged = b.merged;
    }

    /**
     * Why the kernel has no dump of its own after this step ("merged into the next step: ..."): one
     * system call does this step and the next (test_hmm's MIGRATE_TO_DEV allocates and maps); null when
     * it has one.
     */
    public String merged() {
        return merged;
    }

    public int number() {
        return number;
    }

    public String command() {
        return command;
    }

    /** For each pgmap (by the name the sequence gave its driver): "ref" and "mode". */
    public Map<String, Map<String, String>> refs() {
        return refs;
    }

    /** For each pgmap: page offset to its fields, in the order the probe prints them. */
    public Map<String, Map<Integer, Map<String, String>>> pages() {
        return pages;
    }

    /** WARNING/BUG/Oops lines (kernel trace only). */
    public List<String> kernelLines() {
        return kernelLines;
    }

    /** The number of WARNING splats during the step. */
    public long warnings() {
        return kernelLines.stream().filter(l -> l.startsWith("WARNING:")).count();
    }

    /** Builds a step from dump lines, as the probe prints them. */
    static final class Builder {
        final int number;
        final String command;
        final Map<String, Map<String, String>> refs = new LinkedHashMap<>();
        final Map<String, Map<Integer, Map<String, String>>> pages = new LinkedHashMap<>();
        final List<String> kernelLines = new ArrayList<>();
        private String current;
        private String merged;

        Builder(int number, String command) {
            this.number = number;
            this.command = command;
        }

        /** {@code pgmap NAME ref=N mode=M}. */
        Builder pgmap(String line) {
            String[] w = line.split(" ");
            if (w.length < 3) throw new IllegalArgumentException("a pgmap line is \"pgmap NAME ref=N mode=M\"");
            if (merged != null) throw new IllegalArgumentException("a merged step has no dump of its own");
            current = w[1];
            Map<String, String> f = new LinkedHashMap<>();
            for (int i = 2; i < w.length; i++) put(f, w[i]);
            refs.put(current, f);
            pages.put(current, new TreeMap<>());
            return this;
        }

        /** {@code +A..+B fields} or {@code +A fields}: the pages of the pgmap named last. */
        Builder pages(String line) {
            if (current == null) throw new IllegalArgumentException("page lines before a pgmap line");
            int sp = line.indexOf(' ');
            if (sp < 0) throw new IllegalArgumentException("a page line is \"+N key=value ...\"");
            String range = line.substring(0, sp);
            int dots = range.indexOf("..");
            int from = Integer.parseInt(range.substring(1, dots < 0 ? range.length() : dots));
            int to = dots < 0 ? from : Integer.parseInt(range.substring(dots + 3));
            Map<String, String> f = new LinkedHashMap<>();
            for (String kv : line.substring(sp + 1).split(" ")) put(f, kv);
            Map<String, String> shared = Collections.unmodifiableMap(f);
            for (int i = from; i <= to; i++) pages.get(current).put(i, shared);
            return this;
        }

        /** {@code merged into the next step: WHY}: the kernel did this step together with the next one. */
        Builder merged(String line) {
            if (!refs.isEmpty()) throw new IllegalArgumentException("a merged step has no dump of its own");
            merged = line;
            return this;
        }

        Builder kernelLine(String line) {
            kernelLines.add(line);
            return this;
        }

        private static void put(Map<String, String> f, String kv) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("\"" + kv + "\" is not key=value");
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }

        TraceStep build() {
            return new TraceStep(this);
        }
    }
}
