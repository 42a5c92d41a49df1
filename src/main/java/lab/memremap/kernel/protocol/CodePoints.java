package lab.memremap.kernel.protocol;

/** Jupyter counts cursor positions in Unicode code points (protocol 5.2+); Java strings count UTF-16 units. */
final class CodePoints {
    private CodePoints() {}

    static int toCharIndex(String s, int codePoints) {
        int total = s.codePointCount(0, s.length());
        return s.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, total)));
    }

    static int fromCharIndex(String s, int charIndex) {
        return s.codePointCount(0, Math.max(0, Math.min(charIndex, s.length())));
    }
}
