package lab.memremap.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code D9Mutants.java}: one-line changes to mainline's init, re-initialisation loop and free
 * (D8_Reinit's zone_device_page_init() and zone_device_folio_init(), D9_Mainline's
 * free_zone_device_folio()), each a subclass of D9_Mainline overriding one function, as a reader
 * would write it in a cell. The bodies are read from the design sources and changed by named
 * operators, mechanically:
 * <ul>
 * <li>DEL: delete one statement (a braceless {@code if} goes with its body; declarations stay, or
 *     the mutant would not compile);</li>
 * <li>SWAP: swap two adjacent statements of the same block (not declarations);</li>
 * <li>CONST: an integer constant plus or minus one (not below zero);</li>
 * <li>NEG: negate a condition ({@code if}, and the first argument of a WARN/VM_WARN);</li>
 * <li>REREAD: after the {@code ->folio_free()} callback, use {@code folio.pgmap()} /
 *     {@code folio_nr_pages(folio)} instead of the value read at entry.</li>
 * </ul>
 * Run from the project directory: {@code java -cp target/classes lab.memremap.mutation.MutantGenerator}.
 * A test checks that the committed file is what this writes.
 */
public final class MutantGenerator {
    private MutantGenerator() {}

    /** One function to mutate: where it is, its signature, and the label of its region. */
    record Target(String file, String signature, String region) {}

    static final List<Target> TARGETS = List.of(
            new Target("src/main/java/lab/memremap/design/D8_Reinit.java",
                    "public void zone_device_page_init(Page page, DevPagemap pgmap, int order)", "init"),
            new Target("src/main/java/lab/memremap/design/D8_Reinit.java",
                    "public void zone_device_folio_init(Folio folio, DevPagemap pgmap, int order)", "init"),
            new Target("src/main/java/lab/memremap/design/D9_Mainline.java",
                    "@Override public void free_zone_device_folio(Folio folio)", "free"));

    /** One generated mutant: its id, what changed, the function's signature and its new body lines. */
    record Mutant(String id, String operator, String region, String change, String signature, List<String> body) {}

    /** A statement of a body: its lines (two for a braceless if), its block depth and block number, and whether it declares a local. */
    record Unit(int first, int last, int depth, int block, boolean declaration, boolean simple) {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path out = root.resolve("src/main/java/lab/memremap/mutation/D9Mutants.java");
        Files.writeString(out, render(generate(root)));
        System.out.println("wrote " + out);
    }

    /** Every mutant of every target, in a fixed order. */
    static List<Mutant> generate(Path root) throws IOException {
        List<Mutant> out = new ArrayList<>();
        for (Target t : TARGETS) {
            List<String> body = body(Files.readString(root.resolve(t.file)), t.signature);
            out.addAll(mutate(t, body));
        }
        return out;
    }

    /** The body of the method with {@code signature}: its lines without comments, trimmed, empty ones dropped. */
    static List<String> body(String source, String signature) {
        int at = source.indexOf(signature);
        if (at < 0) throw new IllegalStateException("MutantGenerator: no \"" + signature + "\" in the source");
        int open = source.indexOf('{', at + signature.length());
        int depth = 0;
        int end = open;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') i = source.indexOf('"', i + 1);
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) {
                end = i;
                break;
            }
        }
        List<String> lines = new ArrayList<>();
        for (String line : source.substring(open + 1, end).split("\n")) {
            String code = stripComment(line).trim();
            if (!code.isEmpty()) lines.add(code);
        }
        return lines;
    }

    private static String stripComment(String line) {
        boolean inString = false;
        for (int i = 0; i + 1 < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') inString = !inString;
            if (!inString && c == '/' && line.charAt(i + 1) == '/') return line.substring(0, i);
        }
        return line;
    }

    private static final Pattern DECLARATION = Pattern.compile("^[A-Z]\\w*\\s+\\w+\\s*=|^(long|int|boolean)\\s+\\w+\\s*=");

    /** The statements of a body, with their block, so that SWAP stays inside one block. */
    static List<Unit> units(List<String> lines) {
        List<Unit> out = new ArrayList<>();
        int depth = 0;
        int block = 0;
        int blocks = 0;
        List<Integer> stack = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.equals("}")) {
                depth--;
                block = stack.remove(stack.size() - 1);
                continue;
            }
            if (l.endsWith("{")) {
                stack.add(block);
                depth++;
                block = ++blocks;
                continue;
            }
            boolean braceless = l.startsWith("if (") && !l.endsWith(";");
            int last = braceless ? i + 1 : i;
            boolean caseArm = l.startsWith("case ");
            out.add(new Unit(i, last, depth, caseArm ? -1 - i : block, DECLARATION.matcher(l).find(), !caseArm));
            i = last;
        }
        return out;
    }

    static List<Mutant> mutate(Target t, List<String> lines) {
        List<Mutant> out = new ArrayList<>();
        String fn = t.signature.replaceAll(".*void (\\w+)\\(.*", "$1");
        List<Unit> units = units(lines);
        int loopStart = -1;
        int loopEnd = -1;
        // The re-initialisation loop: zone_device_page_init()'s for-block over every page of the range.
        for (int i = 0; i < lines.size(); i++)
            if (t.region.equals("init") && lines.get(i).startsWith("for (") && lines.get(i).endsWith("{")) loopStart = i;
        if (loopStart >= 0) loopEnd = closing(lines, loopStart);
        final int ls = loopStart;
        final int le = loopEnd;
        java.util.function.IntFunction<String> region = i -> i > ls && i < le ? "reinit" : t.region;
        Map<String, Integer> counters = new LinkedHashMap<>();
        java.util.function.BiFunction<String, String, String> id = (reg, op) -> {
            int n = counters.merge(fn + "." + op, 1, Integer::sum);
            return fn + "." + op + "." + n;
        };
        // DEL
        for (Unit u : units) {
            if (u.declaration) continue;
            List<String> m = new ArrayList<>(lines);
            String first = lines.get(u.first);
            String deleted = String.join(" ", lines.subList(u.first, u.last + 1));
            if (first.startsWith("case ")) {
                m.set(u.first, first.substring(0, first.indexOf("->") + 2) + " { }");
            } else {
                for (int k = u.last; k >= u.first; k--) m.remove(k);
            }
            out.add(new Mutant(id.apply(region.apply(u.first), "DEL"), "DEL", region.apply(u.first), "deleted: " + deleted, t.signature, m));
        }
        // SWAP
        for (int k = 0; k + 1 < units.size(); k++) {
            Unit a = units.get(k);
            Unit b = units.get(k + 1);
            if (a.declaration || b.declaration || !a.simple || !b.simple || a.block != b.block || a.last + 1 != b.first) continue;
            List<String> m = new ArrayList<>(lines.subList(0, a.first));
            m.addAll(lines.subList(b.first, b.last + 1));
            m.addAll(lines.subList(a.first, a.last + 1));
            m.addAll(lines.subList(b.last + 1, lines.size()));
            out.add(new Mutant(id.apply(region.apply(a.first), "SWAP"), "SWAP", region.apply(a.first),
                    "swapped: " + String.join(" ", lines.subList(a.first, a.last + 1)) + " <-> "
                            + String.join(" ", lines.subList(b.first, b.last + 1)), t.signature, m));
        }
        // CONST
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            for (int[] lit : literals(l)) {
                String text = l.substring(lit[0], lit[1]);
                long v = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
                for (long w : new long[] {v + 1, v - 1}) {
                    if (w < 0) continue;
                    String repl = text.startsWith("0x") ? "0x" + Long.toHexString(w) : Long.toString(w);
                    List<String> m = new ArrayList<>(lines);
                    m.set(i, l.substring(0, lit[0]) + repl + l.substring(lit[1]));
                    out.add(new Mutant(id.apply(region.apply(i), "CONST"), "CONST", region.apply(i),
                            "constant " + text + " -> " + repl + " in: " + l, t.signature, m));
                }
            }
        }
        // NEG
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String negated = negate(l);
            if (negated == null) continue;
            List<String> m = new ArrayList<>(lines);
            m.set(i, negated);
            out.add(new Mutant(id.apply(region.apply(i), "NEG"), "NEG", region.apply(i), "negated: " + l + " -> " + negated, t.signature, m));
        }
        // REREAD: after the callback, the folio belongs to the driver; re-reading it is what B8 did.
        int callback = -1;
        for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).contains("folio_free.call(")) callback = i;
        if (callback >= 0)
            for (int i = callback + 1; i < lines.size() && !lines.get(i).startsWith("}"); i++) {
                String l = lines.get(i);
                String[][] rereads = {{"\\bpgmap\\b(?!\\s*\\()", "folio.pgmap()"}, {"\\bnr\\b", "folio_nr_pages(folio)"}};
                for (String[] r : rereads) {
                    if (!Pattern.compile(r[0]).matcher(l).find() || l.startsWith("case ") || l.startsWith("switch")) continue;
                    List<String> m = new ArrayList<>(lines);
                    m.set(i, l.replaceAll(r[0], Matcher.quoteReplacement(r[1])));
                    out.add(new Mutant(id.apply("free", "REREAD"), "REREAD", "free", "re-read after the callback: " + l + " -> " + m.get(i),
                            t.signature, m));
                }
            }
        return out;
    }

    private static int closing(List<String> lines, int open) {
        int depth = 0;
        for (int i = open; i < lines.size(); i++) {
            if (lines.get(i).endsWith("{")) depth++;
            if (lines.get(i).equals("}") && --depth == 0) return i;
        }
        return lines.size();
    }

    private static final Pattern LITERAL = Pattern.compile("(?<![\\w.])(0x[0-9a-fA-F]+|\\d+)(?![\\w.])");

    /** Integer literals outside string literals: [start, end) pairs. */
    static List<int[]> literals(String line) {
        List<int[]> out = new ArrayList<>();
        Matcher m = LITERAL.matcher(line);
        while (m.find()) {
            int quotes = 0;
            for (int i = 0; i < m.start(); i++) if (line.charAt(i) == '"') quotes++;
            if (quotes % 2 == 0) out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    private static final Pattern CHECK = Pattern.compile("\\b(WARN_ON_ONCE|VM_WARN_ON_ONCE|VM_WARN_ON_FOLIO|WARN_ON)\\(");

    /** The line with its condition negated, or null: an if's condition, or a WARN's first argument. */
    static String negate(String l) {
        if (l.startsWith("if (")) {
            int close = matching(l, 3);
            return "if (!(" + l.substring(4, close) + "))" + l.substring(close + 1);
        }
        Matcher m = CHECK.matcher(l);
        if (!m.find()) return null;
        int open = m.end() - 1;
        int close = matching(l, open);
        int comma = topLevelComma(l, open + 1, close);
        int argEnd = comma < 0 ? close : comma;
        return l.substring(0, open + 1) + "!(" + l.substring(open + 1, argEnd) + ")" + l.substring(argEnd);
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') i = s.indexOf('"', i + 1);
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        throw new IllegalStateException("MutantGenerator: unbalanced parentheses in: " + s);
    }

    private static int topLevelComma(String s, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '"') i = s.indexOf('"', i + 1);
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) return i;
        }
        return -1;
    }

    /** The Java source of D9Mutants. */
    static String render(List<Mutant> mutants) {
        StringBuilder sb = new StringBuilder();
        sb.append("package lab.memremap.mutation;\n\n");
        sb.append("import static lab.memremap.model.MemoryType.*;\n\n");
        sb.append("import java.util.List;\n");
        sb.append("import lab.memremap.design.D9_Mainline;\n");
        sb.append("import lab.memremap.model.DevPagemap;\n");
        sb.append("import lab.memremap.model.Folio;\n");
        sb.append("import lab.memremap.model.Memmap;\n");
        sb.append("import lab.memremap.model.Page;\n\n");
        sb.append("/**\n * GENERATED by MutantGenerator from D8_Reinit and D9_Mainline: do not edit; regenerate. Each class is\n");
        sb.append(" * mainline (D9) with one function changed by one operator, as a reader would write it in a cell.\n");
        sb.append(" * Which of them are equivalent (and why) is argued in {@link Equivalent}.\n */\n");
        sb.append("@SuppressWarnings(\"all\")\n");
        sb.append("public final class D9Mutants {\n    private D9Mutants() {}\n\n");
        sb.append("    /** Every mutant, in generation order. */\n");
        sb.append("    public static List<Mutant> all() {\n        return List.of(\n");
        for (int i = 0; i < mutants.size(); i++) {
            Mutant m = mutants.get(i);
            sb.append(String.format("            new Mutant(\"%s\", \"%s\", \"%s\", \"%s\", %s::new)%s%n", m.id, m.operator, m.region,
                    escape(m.change), className(m), i + 1 < mutants.size() ? "," : ");"));
        }
        sb.append("    }\n");
        for (Mutant m : mutants) {
            sb.append("\n    /** ").append(m.id).append(": ").append(m.change.replace("*/", "* /").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("&lt;-&gt;", "&lt;-&gt;")).append(" */\n");
            sb.append("    public static final class ").append(className(m)).append(" extends D9_Mainline {\n");
            sb.append("        @Override public String name() {\n            return \"").append(m.id).append("\";\n        }\n\n");
            sb.append("        ").append(m.signature.startsWith("@Override") ? m.signature : "@Override " + m.signature).append(" {\n");
            int depth = 2;
            boolean pendingIf = false;
            for (String l : m.body) {
                if (l.startsWith("}")) depth--;
                int indent = depth + (pendingIf ? 1 : 0);
                sb.append("    ".repeat(indent)).append(l).append('\n');
                pendingIf = l.startsWith("if (") && !l.endsWith(";") && !l.endsWith("{");
                if (l.endsWith("{")) depth++;
            }
            sb.append("        }\n    }\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    static String className(Mutant m) {
        StringBuilder sb = new StringBuilder();
        for (String part : m.id.split("[._]")) {
            if (part.isEmpty()) continue;
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).toLowerCase());
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
