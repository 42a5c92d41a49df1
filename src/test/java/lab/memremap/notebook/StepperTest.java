package lab.memremap.notebook;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import lab.memremap.design.Designs;
import lab.memremap.scenario.Scenarios;
import lab.memremap.widgets.RecordingFrontend;
import lab.memremap.widgets.WidgetRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stepper reads recorded steps; the recording does not change the run it records. */
class StepperTest {
    @AfterEach
    void disconnect() {
        RecordingFrontend.disconnect();
    }

    @Test
    void recordingAScenarioLeavesItsKernelLogAsAPlainRunWrites() {
        for (var s : List.of(Scenarios.S1, Scenarios.S9, Scenarios.S10)) {
            ScenarioSteps steps = StepWatch.scenario(s, Designs.D7);
            assertEquals(s.run(Designs.D7).log().dmesg(), steps.result().log().dmesg(), s.id());
            assertEquals(steps.result().log().dmesg(), steps.log(steps.size()));
            assertTrue(steps.size() > 0);
        }
    }

    @Test
    void eachStepShowsTheWordsRecordedAfterIt() {
        ScenarioSteps steps = StepWatch.scenario(Scenarios.S1, Designs.D4);
        // Step 0 is the booted machine: no pgmap yet, no struct page populated.
        assertTrue(steps.picture(0).toText().contains("no struct page"));
        int init = -1;
        for (var st : steps.steps()) if (st.function().equals("folio_set_count")) { init = st.number(); break; }
        assertTrue(init > 1, "S1 sets the refcount of the folio it hands out");
        assertEquals(0, steps.picture(init - 1).rows().get(0).refcount(), "before folio_set_count");
        assertEquals(1, steps.picture(init).rows().get(0).refcount(), "after folio_set_count");
        assertEquals(3L, steps.step(init).after().refs().get("xe-vram"), "1 + the 2 pages of the order-1 folio");
        // Recorded once: asking again gives the same text and the same chart bytes.
        assertEquals(steps.picture(init).toText(), steps.picture(init).toText());
        assertSame(steps.chartPng(init), steps.chartPng(init));
        assertEquals((byte) 0x89, steps.chartPng(0)[0]);
    }

    @Test
    void theSliderPicksTheStepAndTheDropdownTheDesign() {
        RecordingFrontend f = RecordingFrontend.connect();
        Stepper st = Stepper.of(Scenarios.S1, Designs.D4);
        var bundle = st.mimeBundle();
        assertTrue(bundle.containsKey("application/vnd.jupyter.widget-view+json"));
        // The fallback follows the run: its caption, then every step's primitive in order.
        String fallback = (String) bundle.get("text/html");
        assertTrue(fallback.contains(st.steps().toString()), fallback);
        int at = 0;
        for (var step : st.steps().steps()) {
            at = fallback.indexOf(step.number() + " " + lab.memremap.model.Html.escape(step.function()), at);
            assertTrue(at > 0, "step " + step.number() + " missing or out of order in " + fallback);
        }
        String picture = ((lab.memremap.widgets.HBox) st.children().get(2)).children().get(0).modelId();
        int k = st.steps().size() / 2;
        WidgetRegistry.received(st.slider().modelId(), update("value", k), List.of());
        assertEquals(st.steps().picture(k).toHtml(), f.lastUpdate(picture, "value").get("value").getAsString());
        assertEquals(k, st.slider().value());
        String log = st.children().get(4).modelId();
        WidgetRegistry.received(st.slider().modelId(), update("value", st.steps().size()), List.of());
        String before = st.steps().logHtml(st.steps().size());
        int d7 = st.designs().options().indexOf(st.designs().options().stream().filter(d -> d.name().equals("D7")).findFirst().orElseThrow());
        WidgetRegistry.received(st.designs().modelId(), update("index", d7), List.of());
        assertEquals("D7", st.steps().design().name());
        assertNotEquals(before, f.lastUpdate(log, "value").get("value").getAsString());
        assertTrue(f.errors.isEmpty(), f.errors.toString());
    }

    @Test
    void withoutAFrontEndTheStepperIsItsStepTable() {
        Stepper st = Stepper.of(Scenarios.S5, Designs.D7);
        var bundle = st.mimeBundle();
        assertFalse(bundle.containsKey("application/vnd.jupyter.widget-view+json"));
        assertTrue(((String) bundle.get("text/plain")).startsWith("S5 on D7: WARN"));
        st.step(3);
        assertEquals(st.steps().picture(3).toText(), st.pictureText());
    }

    @Test
    void aMatrixCellStepsWithTheMatrixsScenariosAndDesigns() {
        var matrix = lab.memremap.matrix.Matrix.of(Designs.byName("D4"), Designs.byName("D7"))
                .scenarios(Scenarios.S1, Scenarios.S5).run();
        Stepper st = Stepper.of(matrix, "S5", "D7");
        assertEquals("S5", st.steps().scenario().id());
        assertEquals("D7", st.steps().design().name());
        assertEquals(List.of("D4", "D7"), st.designs().options().stream().map(d -> d.name()).toList());
        assertEquals(List.of("S1", "S5"), st.scenarios().options().stream().map(s -> s.id()).toList());
        assertEquals(matrix.get("S5", "D7").cell(), st.steps().result().cell());
    }

    /** JShell joins the threads a cell starts: a stepper must leave none running. */
    @Test
    void aStepperStartsNoThread() {
        java.util.Set<Thread> before = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        Stepper st = Stepper.of(Scenarios.S9, Designs.D7);
        st.step(st.steps().size() / 2);
        st.designs().value(st.designs().options().get(0));
        List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t)).map(Thread::getName).toList();
        assertEquals(List.of(), started);
    }

    static JsonObject update(String field, int v) {
        JsonObject state = new JsonObject();
        state.addProperty(field, v);
        JsonObject data = new JsonObject();
        data.addProperty("method", "update");
        data.add("state", state);
        data.add("buffer_paths", new JsonArray());
        return data;
    }
}
