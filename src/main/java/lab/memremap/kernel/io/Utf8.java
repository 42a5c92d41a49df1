package lab.memremap.kernel.io;

/** Where a byte buffer can be cut without splitting a UTF-8 encoded character. */
final class Utf8 {
    private Utf8() {}

    /** The length of the longest prefix of {@code bytes} that ends on a character boundary. */
    static int completePrefix(byte[] bytes) {
        int n = bytes.length;
        // Look back at most 3 bytes for the start of the last (possibly partial) character.
        for (int back = 1; back <= Math.min(4, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xc0) == 0x80) continue;      // continuation byte: keep looking for the lead
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
