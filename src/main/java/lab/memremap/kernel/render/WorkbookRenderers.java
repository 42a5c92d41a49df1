package lab.memremap.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import java.awt.image.RenderedImage;
import lab.memremap.model.Displayable;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * The one call that teaches a base-library {@link Renderer} how to show the workbook: model objects
 * ({@link Displayable}) as HTML with a one-line text summary beside it, Tablesaw tables, XChart charts, and images as
 * correctly encoded PNGs. Our kernel calls it at start-up; in a stock IJava kernel, after
 * {@code %jars memremap-lab.jar}, a cell runs
 * {@code lab.memremap.kernel.render.WorkbookRenderers.register(getKernelInstance().getRenderer());}
 */
public final class WorkbookRenderers {
    private WorkbookRenderers() {}

    public static void register(Renderer renderer) {
        if (renderer == null) {
            throw new IllegalArgumentException("WorkbookRenderers.register: renderer is null");
        }
        renderer.createRegistration(RenderedImage.class)
                .preferring(PngImages.PNG).supporting(PngImages.JPEG, PngImages.GIF)
                .register(PngImages::render);
        renderer.createRegistration(Displayable.class)
                .preferring("text/html", "text/plain")
                .register((value, context) -> RichText.render(context, value::toHtml, value::summary, value::toText));
        renderer.createRegistration(Table.class)
                .preferring("text/html", "text/plain")
                .register(TableRenderer::render);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Chart<?, ?>> chartType = (Class) Chart.class;
        renderer.createRegistration(chartType)
                .preferring(PngImages.PNG).supporting(ChartRenderer.SVG, io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)
                .register(ChartRenderer::render);
        // Widgets (the stepper): live on our kernel; on a stock IJava kernel, which has no comms, their fallback.
        WidgetRenderer.register(renderer);
    }
}
