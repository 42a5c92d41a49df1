package lab.memremap.kernel.engine;

/** One JShell snippet cut out of a cell, with where it starts in the cell (a UTF-16 offset). */
record SourcePiece(String source, int start) {
    int end() {
        return start + source.length();
    }

    /** The 1-based line of the cell on which this snippet starts. */
    int firstLine(String cell) {
        int line = 1;
        for (int i = 0; i < start && i < cell.length(); i++) {
            if (cell.charAt(i) == '\n') line++;
        }
        return line;
    }
}
