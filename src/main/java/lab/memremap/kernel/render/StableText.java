package lab.memremap.kernel.render;

import java.util.regex.Pattern;

/**
 * The text/plain of a rich value: its own toString() when that says something, else a fixed
 * description. Object's toString() (and BufferedImage's) carries an identity hash that changes on
 * every run, which would make committed notebook outputs differ for no reason.
 */
final class StableText {
    private static final Pattern IDENTITY = Pattern.compile("@[0-9a-f]{4,}");

    private StableText() {}

    static String of(Object value, String fallback) {
        String s = String.valueOf(value);
        return IDENTITY.matcher(s).find() ? fallback : s;
    }
}
