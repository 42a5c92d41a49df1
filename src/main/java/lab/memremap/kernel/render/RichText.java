package lab.memremap.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.function.Supplier;

/**
 * What a display bundle of a rich value carries. Front ends show the richest type they can, so beside
 * {@code text/html} the {@code text/plain} is a one-line summary (a second full copy would only weigh on
 * the notebook); asked for {@code text/plain} alone ({@code display(x, "text/plain")}), the full text.
 */
final class RichText {
    private RichText() {}

    static void render(RenderContext context, Supplier<String> html, Supplier<String> summary, Supplier<String> fullText) {
        boolean withHtml = context.wantsDataRenderedAs(MIMEType.TEXT_HTML);
        context.renderIfRequested(MIMEType.TEXT_HTML, () -> html.get());
        Supplier<String> text = withHtml ? summary : fullText;
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text.get());
    }
}
