package lab.memremap.kernel.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Tab completion in cell coordinates: JShell's suggestions for the snippet under the cursor, plus the
 * class-path packages and classes JShell leaves out (JDK-8177650), plus magic names after {@code %}.
 */
public final class Completer {
    /** The replacement candidates and the cell range [start, end) they replace. */
    public record Completions(List<String> matches, int start, int end) {}

    private static final Pattern QUALIFIED = Pattern.compile("([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)\\.([\\w$]*)$");
    private static final Pattern BARE = Pattern.compile("(?<![\\w$.])([A-Za-z_$][\\w$]*)$");
    private static final Pattern MAGIC = Pattern.compile("^\\s*(%%?)(\\w*)$");

    private final JShellEngine engine;
    private final Set<String> magicNames;

    public Completer(JShellEngine engine, Set<String> magicNames) {
        this.engine = engine;
        this.magicNames = magicNames;
    }

    public Completions complete(String cell, int cursor) {
        String before = cell.substring(0, cursor);
        String line = before.substring(before.lastIndexOf('\n') + 1);
        Matcher magic = MAGIC.matcher(line);
        if (magic.matches()) {
            List<String> names = new ArrayList<>();
            for (String name : magicNames) if (name.startsWith(magic.group(2))) names.add(magic.group(1) + name);
            return new Completions(names, cursor - magic.group(1).length() - magic.group(2).length(), cursor);
        }
        Set<String> matches = new LinkedHashSet<>();
        int start = cursor;
        SourceCodeAnalysis analysis = engine.shell().sourceCodeAnalysis();
        SourcePiece piece = pieceAt(analysis, cell, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(piece.source(), cursor - piece.start(), anchor);
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        if (!matches.isEmpty()) start = piece.start() + anchor[0];

        ClassPathIndex index = engine.classPathIndex();
        Matcher qualified = QUALIFIED.matcher(before);
        if (qualified.find() && index.isPackage(qualified.group(1))) {
            Set<String> extra = index.members(qualified.group(1), qualified.group(2));
            int ourStart = cursor - qualified.group(2).length();
            if (matches.isEmpty() || start == ourStart) {
                matches.addAll(extra);
                start = ourStart;
            }
        } else {
            Matcher bare = BARE.matcher(before);
            if (bare.find() && !bare.group(1).isEmpty()) {
                int ourStart = cursor - bare.group(1).length();
                if (matches.isEmpty() || start == ourStart) {
                    matches.addAll(index.roots(bare.group(1)));
                    if (!matches.isEmpty()) start = ourStart;
                }
            }
        }
        return new Completions(new ArrayList<>(matches), start, cursor);
    }

    /** The snippet containing the cursor; completion and documentation work one snippet at a time. */
    static SourcePiece pieceAt(SourceCodeAnalysis analysis, String cell, int cursor) {
        SnippetSplitter.Split split = SnippetSplitter.split(analysis, cell);
        for (SourcePiece p : split.pieces()) {
            if (cursor >= p.start() && cursor <= p.start() + p.source().length()
                    && cursor <= cell.length() && cell.substring(p.start(), cursor).equals(p.source().substring(0, cursor - p.start()))) {
                return p;
            }
        }
        if (split.incompleteTail() != null && cursor >= split.incompleteTail().start()) {
            SourcePiece tail = split.incompleteTail();
            return new SourcePiece(cell.substring(tail.start(), cursor), tail.start());
        }
        // Fall back to the text from the last snippet boundary before the cursor.
        int start = 0;
        for (SourcePiece p : split.pieces()) if (p.start() + p.source().length() <= cursor) start = Math.min(cursor, p.start() + p.source().length());
        return new SourcePiece(cell.substring(start, cursor), start);
    }
}
