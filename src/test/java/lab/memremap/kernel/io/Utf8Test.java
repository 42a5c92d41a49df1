package lab.memremap.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void aSplitCharacterWaitsForItsLastByte() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8);  // 'a' then 3 bytes
        assertEquals(4, Utf8.completePrefix(euro));
        assertEquals(1, Utf8.completePrefix(java.util.Arrays.copyOf(euro, 3)));
        assertEquals(1, Utf8.completePrefix(java.util.Arrays.copyOf(euro, 2)));
        assertEquals(0, Utf8.completePrefix(new byte[0]));
    }
}
