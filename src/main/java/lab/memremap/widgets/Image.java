package lab.memremap.widgets;

import java.util.List;

/** An image from its encoded bytes (PNG by default); the bytes travel as a binary buffer, not as base64. */
public final class Image extends Widget {
    public Image() {
        super("ImageModel", "ImageView");
        define("value", byte[].class, new byte[0]);
        define("format", String.class, "png");
        define("width", String.class, "");
        define("height", String.class, "");
    }

    public static Image png(byte[] png) {
        return new Image().value(png);
    }

    public byte[] value() {
        return ((byte[]) get("value")).clone();
    }

    public Image value(byte[] encoded) {
        if (encoded == null) throw new IllegalArgumentException("Image.value: null bytes");
        set("value", encoded.clone());
        return this;
    }

    /** "png", "jpeg", "gif" or "svg+xml". */
    public Image format(String f) {
        set("format", f);
        return this;
    }

    /** A CSS width such as "400px" or "100%"; "" keeps the image's own. */
    public Image width(String w) {
        set("width", w);
        return this;
    }

    /** ipywidgets 6 sends an image as base64 text in {@code _b64value}, not as a binary buffer. */
    @Override protected java.util.Map<String, Object> forProtocol1(java.util.Map<String, Object> values) {
        java.util.Map<String, Object> out = super.forProtocol1(values);
        if (out.get("value") instanceof byte[] b) {
            out.remove("value");
            out.put("_b64value", java.util.Base64.getEncoder().encodeToString(b));
        }
        return out;
    }

    @Override protected List<String> shownFields() {
        return List.of("value", "format");
    }
}
