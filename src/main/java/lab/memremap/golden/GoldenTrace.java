package lab.memremap.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A golden trace: what a real kernel's struct pages looked like after each step of a sequence, as our
 * probe module printed them under QEMU (./workbook kernel-traces). The file is a header of
 * {@code # key: value} lines (kernel version, source package checksum, config facts, the sequence it
 * ran as {@code # seq:} lines), then per step a {@code step N command} line, a {@code pgmap} line per
 * pgmap and one line per page, runs of identical pages folded into {@code +A..+B}. A sequence whose
 * folios live in test_hmm's memory (a {@code dmirror} driver, run by src/kernel-probe/dmirror_steps.c)
 * dumps each folio's pages instead, under {@code pgmap DRIVER:FOLIO}, offsets counted from the folio's
 * first page; a step that one system call does together with the next prints
 * {@code merged into the next step: WHY} instead of a dump.
 */
public final class GoldenTrace {
    /** Where the traces live on the class path (src/main/resources/lab/memremap/golden/). */
    static final String ROOT = "/lab/memremap/golden/";

    private final String name;
    private final String series;
    private final Map<String, String> header;
    private final String sequence;
    private final List<TraceStep> steps;
    private final String text;

    private GoldenTrace(String name, String series, Map<String, String> header, String sequence, List<TraceStep> steps,
                        String text) {
        this.name = name;
        this.series = series;
        this.header = header;
        this.sequence = sequence;
        this.steps = steps;
        this.text = text;
    }

    /** The committed trace {@code name} (e.g. "k1-reinit") of kernel {@code series} ("7.2", "6.12"). */
    public static GoldenTrace load(String series, String name) {
        String path = ROOT + "linux-" + series + "/" + name + ".trace";
        try (InputStream in = GoldenTrace.class.getResourceAsStream(path)) {
            if (in == null)
                throw new IllegalArgumentException("GoldenTrace.load: no trace " + path + "; committed: " + GoldenTraces.names());
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), series, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a trace's text; errors name the trace and the line. */
    public static GoldenTrace parse(String text, String series, String name) {
        Map<String, String> header = new LinkedHashMap<>();
        StringBuilder seq = new StringBuilder();
        List<TraceStep> steps = new ArrayList<>();
        TraceStep.Builder step = null;
        boolean ended = false;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("# seq:")) {
                seq.append(l.length() > 7 ? l.substring(7) : "").append('\n');
            } else if (l.startsWith("# ")) {
                int colon = l.indexOf(": ");
                if (colon > 0) header.put(l.substring(2, colon), l.substring(colon + 2));
            } else if (l.startsWith("step ")) {
                if (step != null) steps.add(step.build());
                String[] w = l.split(" ", 3);
                step = new TraceStep.Builder(Integer.parseInt(w[1]), w.length > 2 ? w[2] : "");
            } else if (l.startsWith("pgmap ") || l.startsWith("+")) {
                if (step == null) throw error(name, i, l, "a dump line before the first step");
                try {
                    if (l.startsWith("pgmap ")) step.pgmap(l);
                    else step.pages(l);
                } catch (IllegalArgumentException e) {
                    throw error(name, i, l, e.getMessage());
                }
            } else if (l.startsWith("merged into the next step")) {
                if (step == null) throw error(name, i, l, "a merged line before the first step");
                try {
                    step.merged(l);
                } catch (IllegalArgumentException e) {
                    throw error(name, i, l, e.getMessage());
                }
            } else if (l.startsWith("kernel: ")) {
                if (step != null) step.kernelLine(l.substring(8));
            } else if (l.equals("end ok")) {
                ended = true;
            }
        }
        if (step != null) steps.add(step.build());
        if (!ended) throw error(name, lines.length - 1, "", "no \"end ok\": the probe did not finish this sequence");
        if (seq.length() == 0) throw error(name, 0, "", "no \"# seq:\" lines: the trace does not say what it ran");
        return new GoldenTrace(name, series, Collections.unmodifiableMap(header), seq.toString(), List.copyOf(steps), text);
    }

    private static IllegalArgumentException error(String name, int line, String text, String why) {
        return new IllegalArgumentException(String.format("golden trace %s:%d: %s (\"%s\")", name, line + 1, why, text));
    }

    public String name() {
        return name;
    }

    /** The kernel series, "7.2" or "6.12". */
    public String series() {
        return series;
    }

    /** The header fields: "kernel" (/proc/version), "source", "config", "probe", "inputs". */
    public Map<String, String> header() {
        return header;
    }

    /** The scenario file the probe ran, as embedded in the trace. */
    public String sequence() {
        return sequence;
    }

    public List<TraceStep> steps() {
        return steps;
    }

    /** The whole file. */
    public String text() {
        return text;
    }

    @Override public String toString() {
        return "golden trace " + name + " (Linux " + series + ", " + steps.size() + " steps)";
    }
}
