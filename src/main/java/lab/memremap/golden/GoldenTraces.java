package lab.memremap.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed golden traces, listed by ./workbook kernel-traces in golden/index (one
 * {@code linux-SERIES/NAME.trace} per line), so that they can be found inside the jar too.
 */
public final class GoldenTraces {
    private GoldenTraces() {}

    /** "SERIES/NAME" of every committed trace, e.g. "7.2/k1-reinit". */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        try (InputStream in = GoldenTraces.class.getResourceAsStream(GoldenTrace.ROOT + "index")) {
            if (in == null) return out;
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                l = l.trim();
                if (l.isEmpty() || l.startsWith("#")) continue;
                if (!l.startsWith("linux-") || !l.endsWith(".trace"))
                    throw new IllegalStateException("golden/index: \"" + l + "\" is not linux-SERIES/NAME.trace");
                out.add(l.substring(6, l.length() - 6));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every committed trace. */
    public static List<GoldenTrace> all() {
        List<GoldenTrace> out = new ArrayList<>();
        for (String n : names()) {
            int slash = n.indexOf('/');
            out.add(GoldenTrace.load(n.substring(0, slash), n.substring(slash + 1)));
        }
        return out;
    }

    /** Replays every committed trace on the design its kernel is checked against. */
    public static List<Replay> replayAll() {
        List<Replay> out = new ArrayList<>();
        for (GoldenTrace t : all()) out.add(Replay.run(t));
        return out;
    }
}
