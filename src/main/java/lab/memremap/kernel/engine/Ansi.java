package lab.memremap.kernel.engine;

/** The one colour used in tracebacks: red, which reads on light and dark themes alike (no bold black). */
final class Ansi {
    private Ansi() {}

    static String red(String text) {
        return "\u001b[31m" + text + "\u001b[0m";
    }
}
