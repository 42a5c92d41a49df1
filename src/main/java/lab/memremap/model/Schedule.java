package lab.memremap.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A named interleaving of simulated CPUs: a list of segments, each "run CPU X until ...". Every kernel
 * primitive is one step, so the same schedule replays the same race every time. Written as text:
 * {@code "A until folio->pgmap; B; A"} runs CPU A until it is about to read folio->pgmap, then CPU B
 * until it finishes or blocks, then A. {@code "A 3; B 2"} counts steps. CPUs are named A, B, C, ...
 * When the segments run out, the running CPU goes on until it finishes or blocks, then the lowest
 * runnable CPU runs.
 */
public final class Schedule {
    /** One segment: the CPU, and when to leave it (after {@code steps} steps, or before step {@code until}). */
    public record Segment(int cpu, int steps, String until) {
        @Override public String toString() {
            String c = String.valueOf((char) ('A' + cpu));
            return until != null ? c + " until " + until : steps >= 0 ? c + " " + steps : c;
        }
    }

    private final List<Segment> segments;

    private Schedule(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /** Run each CPU to completion in turn: A, then B, ... */
    public static Schedule sequential() {
        return new Schedule(List.of());
    }

    public static Schedule parse(String text) {
        List<Segment> out = new ArrayList<>();
        for (String part : text.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String[] w = p.split("\\s+", 3);
            if (w[0].length() != 1 || w[0].charAt(0) < 'A' || w[0].charAt(0) > 'H')
                throw new IllegalArgumentException("Schedule.parse: \"" + p + "\" does not start with a CPU name A..H");
            int cpu = w[0].charAt(0) - 'A';
            if (w.length == 1) out.add(new Segment(cpu, -1, null));
            else if (w[1].equals("until") && w.length == 3) out.add(new Segment(cpu, -1, w[2].trim()));
            else if (w.length == 2 && w[1].matches("\\d+")) out.add(new Segment(cpu, Integer.parseInt(w[1]), null));
            else throw new IllegalArgumentException("Schedule.parse: cannot read \"" + p
                    + "\"; write \"A\", \"A 3\" or \"A until <step>\"");
        }
        return new Schedule(out);
    }

    public List<Segment> segments() {
        return segments;
    }

    @Override public String toString() {
        return segments.isEmpty() ? "sequential" : String.join("; ", segments.stream().map(Segment::toString).toList());
    }

    @Override public boolean equals(Object o) {
        return o instanceof Schedule s && s.segments.equals(segments);
    }

    @Override public int hashCode() {
        return segments.hashCode();
    }
}
