package lab.memremap.matrix;

import java.awt.Color;
import java.util.Set;
import lab.memremap.scenario.Outcome;

/**
 * Colours for outcomes that colour-blind readers can tell apart: Okabe & Ito's palette (the one
 * Nature Methods recommends), one hue per class, the worst class of a cell deciding its colour.
 */
public final class Palette {
    private Palette() {}

    /** Okabe-Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, grey. */
    public static Color of(Outcome o) {
        return switch (o) {
            case OK -> new Color(0x00, 0x9E, 0x73);        // bluish green
            case WARN -> new Color(0xF0, 0xE4, 0x42);      // yellow
            case LEAK -> new Color(0xE6, 0x9F, 0x00);      // orange
            case OVER_PUT -> new Color(0xD5, 0x5E, 0x00);  // vermillion
            case STALE -> new Color(0x56, 0xB4, 0xE9);     // sky blue
            case HANG -> new Color(0x00, 0x72, 0xB2);      // blue
            case UAF -> new Color(0xCC, 0x79, 0xA7);       // reddish purple
            case BUG -> new Color(0x40, 0x40, 0x40);       // near black
            case NA -> new Color(0xDD, 0xDD, 0xDD);        // light grey
            case EXCEPTION -> new Color(0x00, 0x00, 0x00); // black: the Java code failed, not the kernel
        };
    }

    /** Severity order: the highest outcome present colours a cell. */
    private static final Outcome[] SEVERITY = {Outcome.BUG, Outcome.UAF, Outcome.OVER_PUT, Outcome.HANG, Outcome.LEAK,
        Outcome.STALE, Outcome.WARN, Outcome.OK, Outcome.NA};

    public static Outcome worst(Set<Outcome> outcomes) {
        for (Outcome o : SEVERITY) if (outcomes.contains(o)) return o;
        return Outcome.OK;
    }

    public static Color colorOf(Set<Outcome> outcomes) {
        return of(worst(outcomes));
    }

    public static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Black or white, whichever reads better on {@code background}. */
    public static Color textOn(Color background) {
        double l = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return l > 140 ? Color.BLACK : Color.WHITE;
    }
}
