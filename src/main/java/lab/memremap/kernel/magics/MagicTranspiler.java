package lab.memremap.kernel.magics;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites magics into Java calls before JShell sees the cell, as IJava does, so a line magic can also be
 * used as a value ({@code List<String> added = %jars lib/*.jar}). Lines keep their numbers, so errors still
 * point at the right cell line.
 * <ul>
 *   <li>{@code %%name args} on the first line: the whole cell becomes {@code cellMagic("name", args, body)};</li>
 *   <li>{@code %name args} at the start of a line, or right after {@code =} outside a string literal:
 *       replaced by {@code lineMagic("name", args)}.</li>
 * </ul>
 */
public final class MagicTranspiler {
    private static final String RUNTIME = "lab.memremap.kernel.runtime.NotebookMagics";
    private static final Pattern CELL = Pattern.compile("\\A\\s*%%(\\w+)([^\\n]*)(?:\\n([\\s\\S]*))?\\z");
    private static final Pattern LINE = Pattern.compile("^(\\s*|.*=\\s*)%(\\w+)(.*)$");

    private MagicTranspiler() {}

    public static String transpile(String cell) {
        Matcher cellMagic = CELL.matcher(cell);
        if (cellMagic.matches()) {
            String body = cellMagic.group(3) == null ? "" : cellMagic.group(3);
            return RUNTIME + ".cellMagic(" + literal(cellMagic.group(1)) + ", " + listOf(cellMagic.group(2)) + ", "
                    + literal(body) + ");";
        }
        String[] lines = cell.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append('\n');
            out.append(transpileLine(lines[i]));
        }
        return out.toString();
    }

    private static String transpileLine(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches() || insideStringLiteral(m.group(1)) || m.group(1).strip().startsWith("//")) return line;
        return m.group(1) + RUNTIME + ".lineMagic(" + literal(m.group(2)) + ", " + listOf(m.group(3)) + ");";
    }

    /** True when an odd number of unescaped double quotes precede the magic on its line. */
    private static boolean insideStringLiteral(String prefix) {
        boolean inside = false;
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') inside = !inside;
        }
        return inside;
    }

    private static String listOf(String argText) {
        List<String> args = MagicArgs.split(argText.strip());
        StringBuilder out = new StringBuilder("java.util.List.of(");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) out.append(", ");
            out.append(literal(args.get(i)));
        }
        return out.append(')').toString();
    }

    /** A Java string literal holding {@code s} exactly. */
    static String literal(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
