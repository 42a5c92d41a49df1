package lab.memremap.kernel.engine;

/** What a cell produced for Out[n]: nothing, or the real object of its last expression (possibly null). */
public record CellValue(boolean present, Object value) {
    public static final CellValue NONE = new CellValue(false, null);

    public static CellValue of(Object value) {
        return new CellValue(true, value);
    }
}
