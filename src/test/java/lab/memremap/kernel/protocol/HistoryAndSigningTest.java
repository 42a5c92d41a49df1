package lab.memremap.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HistoryAndSigningTest {
    @Test
    void historySearchTailAndRange() {
        History h = new History();
        h.add(1, "1+2", "3");
        h.add(2, "x", null);
        h.add(3, "1+2", "3");
        h.add(4, "1-2x", "12");
        assertEquals(3, h.search("1?2*", 0, false, false).size());
        assertEquals(2, h.search("1?2*", 0, true, false).size(), "unique drops the repeated 1+2");
        assertEquals(1, h.search("1?2*", 1, false, false).size());
        assertEquals("1-2x", h.tail(1, false).get(0).getAsJsonArray().get(2).getAsString());
        assertEquals(2, h.range(History.SESSION, 2, 4, false).size());
        assertTrue(h.tail(3, true).get(0).getAsJsonArray().get(2).getAsJsonArray().get(1).isJsonNull());
    }

    @Test
    void signaturesVerifyOnlyWithTheRightKey() {
        byte[] part = "{}".getBytes(StandardCharsets.UTF_8);
        MessageSigner signer = new MessageSigner("hmac-sha256", "k");
        byte[] sig = signer.sign(part, part, part, part).getBytes(StandardCharsets.US_ASCII);
        assertTrue(signer.verify(sig, part, part, part, part));
        assertFalse(new MessageSigner("hmac-sha256", "other").verify(sig, part, part, part, part));
        assertTrue(new MessageSigner("hmac-sha256", "").verify(new byte[0], part), "an empty key switches signing off");
    }
}
