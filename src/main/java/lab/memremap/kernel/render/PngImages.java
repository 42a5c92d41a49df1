package lab.memremap.kernel.render;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Images as base64 PNG (or JPEG/GIF on request). The base library wraps the output in a base64 encoder it
 * never closes, which drops the last bytes of many PNGs; here the image is encoded in full first.
 */
final class PngImages {
    static final MIMEType PNG = MIMEType.parse("image/png");
    static final MIMEType JPEG = MIMEType.parse("image/jpeg");
    static final MIMEType GIF = MIMEType.parse("image/gif");

    private PngImages() {}

    static void render(RenderedImage image, RenderContext context) {
        context.getOutputContainer().putData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN,
                StableText.of(image, "image " + image.getWidth() + "x" + image.getHeight()));
        context.renderIfRequested(PNG, () -> base64(image, "png"));
        context.renderIfRequested(JPEG, () -> base64(image, "jpeg"));
        context.renderIfRequested(GIF, () -> base64(image, "gif"));
    }

    static String base64(RenderedImage image, String format) {
        return Base64.getEncoder().encodeToString(bytes(image, format));
    }

    static byte[] bytes(RenderedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("PngImages.bytes: no ImageIO writer for format '" + format + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PngImages.bytes: cannot encode image as " + format, e);
        }
        return out.toByteArray();
    }
}
