package lab.memremap.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * XChart charts: PNG by default; SVG when asked for, but wrapped in an {@code <img>} data URI as
 * {@code text/html}, because raw {@code image/svg+xml} with an XML declaration breaks nbconvert's HTML export.
 */
final class ChartRenderer {
    static final MIMEType SVG = MIMEType.parse("image/svg+xml");
    private static final MIMEType HTML = MIMEType.parse("text/html");

    private ChartRenderer() {}

    static void render(Chart<?, ?> chart, RenderContext context) {
        context.getOutputContainer().putData(MIMEType.TEXT_PLAIN, StableText.of(chart, chart.getClass().getSimpleName()
                + " \"" + chart.getTitle() + "\" (" + chart.getWidth() + "x" + chart.getHeight() + ")"));
        context.renderIfRequested(PngImages.PNG, () -> png(chart));
        if (context.wantsDataRenderedAs(SVG) || context.wantsDataRenderedAs(HTML)) {
            context.getOutputContainer().putData(HTML, svgImgTag(chart));
        }
    }

    static String png(Chart<?, ?> chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("ChartRenderer.png: cannot draw chart '" + chart.getTitle() + "'", e);
        }
    }

    static String svgImgTag(Chart<?, ?> chart) {
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("ChartRenderer.svgImgTag: cannot draw chart '" + chart.getTitle() + "'", e);
        }
        return "<img alt=\"" + HtmlText.escape(chart.getTitle()) + "\" src=\"data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.toByteArray()) + "\"/>";
    }
}
