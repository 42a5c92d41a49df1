package lab.memremap.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Cuts a cell into the snippets JShell evaluates one at a time, keeping each one's offset in the cell so
 * that errors, completion and inspection can speak in cell positions.
 */
final class SnippetSplitter {
    /** What a cell splits into: its complete snippets, and a trailing part JShell calls incomplete. */
    record Split(List<SourcePiece> pieces, SourcePiece incompleteTail, Completeness tailCompleteness) {}

    private SnippetSplitter() {}

    static Split split(SourceCodeAnalysis analysis, String cell) {
        List<SourcePiece> pieces = new ArrayList<>();
        int offset = 0;
        while (offset < cell.length()) {
            String rest = cell.substring(offset);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) break;
            if (!c.isComplete() || c == Completeness.UNKNOWN && info.remaining().isEmpty()) {
                // UNKNOWN counts as "complete" to JShell; keep it so eval reports the real compile error.
                if (c == Completeness.UNKNOWN) {
                    pieces.add(new SourcePiece(rest, offset + leadingSpace(rest)));
                    return new Split(pieces, null, c);
                }
                return new Split(pieces, new SourcePiece(rest, offset), c);
            }
            int consumed = rest.length() - info.remaining().length();
            int start = offset + leadingSpace(rest);
            String source = info.source();
            pieces.add(new SourcePiece(source.substring(leadingSpace(source)), start));
            if (consumed <= 0) break;
            offset += consumed;
        }
        return new Split(pieces, null, Completeness.COMPLETE);
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }
}
