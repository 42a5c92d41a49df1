package lab.memremap.widgets;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The widget API on its own, with a front end that records what it is sent (no kernel). */
class WidgetsTest {
    @AfterEach
    void disconnect() {
        RecordingFrontend.disconnect();
    }

    private static JsonObject update(String field, Object v) {
        JsonObject state = new JsonObject();
        if (v instanceof Number n) state.addProperty(field, n);
        else if (v instanceof String s) state.addProperty(field, s);
        else if (v instanceof Boolean b) state.addProperty(field, b);
        JsonObject data = new JsonObject();
        data.addProperty("method", "update");
        data.add("state", state);
        data.add("buffer_paths", new JsonArray());
        return data;
    }

    @Test
    void withoutAFrontEndWidgetsArePlainObjectsWhoseObserversFire() {
        IntSlider s = IntSlider.builder().min(0).max(10).build();
        List<Object> seen = new ArrayList<>();
        s.observe("value", c -> seen.add(c.oldValue() + "->" + c.newValue()));
        s.value(4).value(4).value(42);
        assertEquals(List.of("0->4", "4->10"), seen, "a repeat is no change; 42 is clamped to max");
        assertFalse(s.isOpen());
        assertFalse(s.mimeBundle().containsKey("application/vnd.jupyter.widget-view+json"));
        assertEquals("IntSlider(value=10, min=0, max=10, description='')", s.toString());
    }

    @Test
    void aSelectionReportsOptionsAndTheFrontEndPicksByIndex() {
        RecordingFrontend f = RecordingFrontend.connect();
        ToggleButtons<Integer> t = ToggleButtons.of(0, 1, 9);
        List<Object> values = new ArrayList<>();
        t.observe("value", c -> values.add(c.newValue()));
        t.open();
        JsonObject open = f.sent.get(0).data().getAsJsonObject("state");
        assertEquals("ToggleButtonsModel", open.get("_model_name").getAsString());
        assertEquals("[\"0\",\"1\",\"9\"]", open.get("_options_labels").toString());
        assertEquals(0, open.get("index").getAsInt());
        WidgetRegistry.received(t.modelId(), update("index", 2), List.of());
        assertEquals(9, t.value());
        assertEquals(List.of(9), values);
        t.value(1);
        assertEquals(1, f.lastUpdate(t.modelId(), "index").get("index").getAsInt());
        assertThrows(IllegalArgumentException.class, () -> t.value(5));
        // An index out of range from the front end changes nothing.
        assertThrows(IllegalArgumentException.class, () -> WidgetRegistry.received(t.modelId(), update("index", 7), List.of()));
        assertEquals(1, t.value());
    }

    @Test
    void aMalformedUpdateChangesNothingAndUnknownFieldsAreIgnored() {
        RecordingFrontend.connect();
        Checkbox c = Checkbox.of("on?", false);
        c.open();
        JsonObject both = update("value", true);
        both.getAsJsonObject("state").addProperty("description", 5);   // not a string
        assertThrows(IllegalArgumentException.class, () -> WidgetRegistry.received(c.modelId(), both, List.of()));
        assertFalse(c.value(), "nothing applied when one field is bad");
        WidgetRegistry.received(c.modelId(), update("no_such_field", 1), List.of());
        WidgetRegistry.received(c.modelId(), update("value", true), List.of());
        assertTrue(c.value());
        assertThrows(IllegalArgumentException.class, () -> WidgetRegistry.received("nobody", update("value", true), List.of()));
    }

    @Test
    void jslinkOpensWithItsWidgetsAndReferencesThem() {
        RecordingFrontend f = RecordingFrontend.connect();
        IntSlider s = IntSlider.builder().max(5).build();
        Play p = Play.linkedTo(s);
        new HBox(p, s).open();
        List<String> opened = f.sent.stream().filter(x -> x.kind().equals("open"))
                .map(x -> x.data().getAsJsonObject("state").get("_model_name").getAsString()).toList();
        assertEquals(List.of("PlayModel", "IntSliderModel", "LinkModel", "HBoxModel"), opened);
        JsonObject link = f.sent.stream().filter(x -> x.kind().equals("open")).map(x -> x.data().getAsJsonObject("state"))
                .filter(x -> x.get("_model_name").getAsString().equals("LinkModel")).findFirst().orElseThrow();
        assertEquals("[\"IPY_MODEL_" + p.modelId() + "\",\"value\"]", link.get("source").toString());
        assertEquals("[\"IPY_MODEL_" + s.modelId() + "\",\"value\"]", link.get("target").toString());
        assertThrows(IllegalArgumentException.class, () -> Link.jslink(p, "valu", s, "value"));
    }

    @Test
    void aThrowingObserverIsReportedAndTheOthersStillRun() {
        RecordingFrontend f = RecordingFrontend.connect();
        Button b = Button.of("go");
        List<String> ran = new ArrayList<>();
        b.onClick(x -> { throw new IllegalStateException("boom"); });
        b.onClick(x -> ran.add("second"));
        b.open();
        JsonObject click = new JsonObject();
        click.addProperty("method", "custom");
        JsonObject content = new JsonObject();
        content.addProperty("event", "click");
        click.add("content", content);
        WidgetRegistry.received(b.modelId(), click, List.of());
        assertEquals(List.of("second"), ran);
        assertEquals("boom", f.errors.get(0).getMessage());
    }

    @Test
    void protocol1SendsFlatStateAndSelectsByLabel() {
        RecordingFrontend f = RecordingFrontend.connect();
        WidgetRegistry.protocol(WidgetProtocol.V1);
        Dropdown<String> d = Dropdown.of("x", "y");
        d.open();
        JsonObject flat = f.sent.get(0).data();
        assertEquals("jupyter-js-widgets", flat.get("_model_module").getAsString());
        assertEquals("x", flat.get("value").getAsString());
        assertFalse(flat.has("index"));
        JsonObject sync = new JsonObject();
        sync.addProperty("value", "y");
        JsonObject backbone = new JsonObject();
        backbone.addProperty("method", "backbone");
        backbone.add("sync_data", sync);
        WidgetRegistry.received(d.modelId(), backbone, List.of());
        assertEquals("y", d.value());
    }

    @Test
    void clearingAnOutputAlwaysTellsTheFrontEnd() {
        RecordingFrontend f = RecordingFrontend.connect();
        Output o = new Output();
        o.open();
        int before = f.sent.size();
        o.clear();   // already empty here, but the front end may have captured output
        assertEquals(before + 1, f.sent.size());
        o.appendStdout("hi\n");
        assertEquals("[{\"output_type\":\"stream\",\"name\":\"stdout\",\"text\":\"hi\\n\"}]",
                f.lastUpdate(o.modelId(), "outputs").get("outputs").toString());
    }
}
