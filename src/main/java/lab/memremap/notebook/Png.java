package lab.memremap.notebook;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Charts and images as notebook outputs whose text form is a fixed description: an XChart chart or a
 * BufferedImage shown as-is would carry its identity hash code in text/plain, which changes from run
 * to run. {@code Png.of(Charts.refCount(...))} shows the same picture with a stable text.
 */
public final class Png {
    private Png() {}

    /** A chart drawn as an image whose text form is "chart: " and the chart's title. */
    public static RefGrid.Image of(Chart<?, ?> chart) {
        return of(BitmapEncoder.getBufferedImage(chart), "chart: " + chart.getTitle());
    }

    /** An image whose text form is {@code description}. */
    public static RefGrid.Image of(BufferedImage image, String description) {
        RefGrid.Image out = new RefGrid.Image(image.getWidth(), image.getHeight(), description);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
