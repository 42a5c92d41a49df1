package lab.memremap.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outgoing messages and checks incoming ones with the connection file's HMAC. The check uses a
 * constant-time comparison, and a mismatch is reported to the caller, never thrown into a channel loop.
 */
public final class MessageSigner {
    private final Mac mac;

    public MessageSigner(String scheme, String key) {
        if (key == null || key.isEmpty()) {
            mac = null;  // an empty key switches signing off, as the protocol says
            return;
        }
        String algorithm = switch (scheme) {
            case "hmac-sha256" -> "HmacSHA256";
            case "hmac-sha512" -> "HmacSHA512";
            case "hmac-sha1" -> "HmacSHA1";
            case "hmac-md5" -> "HmacMD5";
            default -> throw new IllegalArgumentException("MessageSigner: unsupported signature_scheme '" + scheme + "'");
        };
        try {
            mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MessageSigner: cannot set up " + algorithm, e);
        }
    }

    public synchronized String sign(byte[]... parts) {
        if (mac == null) return "";
        for (byte[] part : parts) mac.update(part);
        byte[] digest = mac.doFinal();
        StringBuilder hex = new StringBuilder(digest.length * 2);
        for (byte b : digest) hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return hex.toString();
    }

    public boolean verify(byte[] signature, byte[]... parts) {
        if (mac == null) return true;
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
