package lab.memremap.kernel.render;

import static org.junit.jupiter.api.Assertions.*;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Charts and images carry a text/plain that is the same on every run, so committed notebook outputs compare. */
class StableTextTest {

    @Test
    void chartsAndImagesHaveNoIdentityHashInTheirText() {
        Renderer r = new Renderer();
        WorkbookRenderers.register(r);
        XYChart c = new XYChartBuilder().width(300).height(200).title("refs").build();
        c.addSeries("D9", new double[] {1, 2}, new double[] {3, 4});
        DisplayData chart = r.render(c);
        assertEquals("XYChart \"refs\" (300x200)", chart.getData(MIMEType.TEXT_PLAIN));
        assertNotNull(chart.getData(PngImages.PNG));
        DisplayData image = r.render(new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB));
        assertEquals("image 7x5", image.getData(MIMEType.TEXT_PLAIN));
    }

    /** An image whose class says what it is keeps that text. */
    static final class Named extends BufferedImage {
        Named() {
            super(3, 3, BufferedImage.TYPE_INT_RGB);
        }

        @Override public String toString() {
            return "chart: refs per design";
        }
    }

    @Test
    void aMeaningfulToStringIsKept() {
        Renderer r = new Renderer();
        WorkbookRenderers.register(r);
        assertEquals("chart: refs per design", r.render(new Named()).getData(MIMEType.TEXT_PLAIN));
    }
}
