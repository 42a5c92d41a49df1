package lab.memremap.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this kernel session's cells, answering history_request's tail, range
 * and search. The base library answers nothing unless given a history manager, and then malformed rows.
 */
public final class History {
    /** The session number in replies; one kernel process is one session. */
    public static final int SESSION = 1;

    private record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    public synchronized JsonArray tail(int n, boolean output) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return rows(entries.subList(from, entries.size()), output);
    }

    /** Lines [start, stop) of a session; stop 0 or less means to the end. */
    public synchronized JsonArray range(int session, int start, int stop, boolean output) {
        List<Entry> picked = new ArrayList<>();
        if (session == SESSION || session == 0) {
            for (Entry e : entries) if (e.line >= start && (stop <= 0 || e.line < stop)) picked.add(e);
        }
        return rows(picked, output);
    }

    /** The last {@code n} entries whose input matches a glob pattern ({@code *} and {@code ?}). */
    public synchronized JsonArray search(String glob, int n, boolean unique, boolean output) {
        Pattern p = globToRegex(glob);
        List<Entry> matches = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (!p.matcher(e.input).matches()) continue;
            if (unique && !seen.add(e.input)) continue;
            matches.add(0, e);
            if (n > 0 && matches.size() == n) break;
        }
        return rows(matches, output);
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static JsonArray rows(List<Entry> picked, boolean output) {
        JsonArray rows = new JsonArray();
        for (Entry e : picked) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line);
            if (output) {
                JsonArray pair = new JsonArray();
                pair.add(e.input);
                JsonElement out = e.output == null ? JsonNull.INSTANCE : new JsonPrimitive(e.output);
                pair.add(out);
                row.add(pair);
            } else {
                row.add(e.input);
            }
            rows.add(row);
        }
        return rows;
    }
}
