package lab.memremap.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lab.memremap.design.Designs;
import lab.memremap.matrix.MatrixResult;
import lab.memremap.model.Design;
import lab.memremap.model.Html;
import lab.memremap.model.MemmapPicture;
import lab.memremap.scenario.Scenario;
import lab.memremap.scenario.ScenarioResult;
import lab.memremap.scenario.Scenarios;
import lab.memremap.widgets.Dropdown;
import lab.memremap.widgets.HBox;
import lab.memremap.widgets.HTML;
import lab.memremap.widgets.Image;
import lab.memremap.widgets.IntSlider;
import lab.memremap.widgets.Label;
import lab.memremap.widgets.Output;
import lab.memremap.widgets.Play;
import lab.memremap.widgets.VBox;
import lab.memremap.widgets.Widget;

/**
 * Steps through a scenario one kernel primitive at a time, forwards and backwards: a slider (and Play)
 * picks the step; the memmap picture of the pages involved, the pgmap ref-count chart with the step
 * marked, and the kernel log so far follow it. Dropdowns switch design and scenario. Each run is
 * recorded once by {@link StepWatch} and kept, so scrubbing only reads what was recorded.
 *
 * <pre>{@code Stepper.of(Scenarios.S9, Designs.D7)}</pre>
 *
 * Where no widgets can be shown (an HTML export, the classic Notebook), it shows the table of steps.
 */
public final class Stepper extends VBox {
    private final Dropdown<Scenario> scenarios;
    private final Dropdown<Design> designs;
    private final IntSlider slider = IntSlider.builder().min(0).max(1).description("step").build();
    private final Play play = Play.linkedTo(slider).interval(400);
    private final Label where = new Label();
    private final HTML picture = new HTML();
    private final Image chart = new Image();
    private final HTML log = new HTML();
    private final Output output = new Output();
    private final Map<String, ScenarioSteps> recorded = new ConcurrentHashMap<>();
    private volatile ScenarioSteps current;
    /** The recording and step on screen, so a step asked for twice is sent once. */
    private volatile Object[] shown = {null, -1};

    private Stepper(List<Scenario> scenarioChoices, List<Design> designChoices, Scenario scenario, Design design) {
        scenarios = Dropdown.<Scenario>of(scenarioChoices).description("scenario");
        designs = Dropdown.<Design>of(designChoices).description("design");
        scenarios.value(scenario);
        designs.value(design);
        children(new HBox(scenarios, designs), new HBox(play, slider, where), new HBox(picture), chart, log, output);
        for (Widget w : List.of(scenarios, designs, slider, play)) w.output(output);
        load(scenario, design);
        slider.observe("value", c -> show((Integer) c.newValue()));
        scenarios.observe("value", c -> load((Scenario) c.newValue(), designs.value()));
        designs.observe("value", c -> load(scenarios.value(), (Design) c.newValue()));
    }

    /** Steps through {@code scenario} on {@code design}; the dropdowns offer the catalogue's others. */
    public static Stepper of(Scenario scenario, Design design) {
        return new Stepper(withFirst(Scenarios.all(), scenario, Scenario::id), withFirst(Designs.all(), design, Design::name),
                scenario, design);
    }

    /** Steps through one cell of a matrix; the dropdowns offer the matrix's scenarios and designs. */
    public static Stepper of(MatrixResult matrix, String scenarioId, String designName) {
        ScenarioResult cell = matrix.get(scenarioId, designName);
        return new Stepper(matrix.scenarios(), matrix.designs(), cell.scenario(), cell.design());
    }

    /** Steps through the run of one result (a matrix cell, say). */
    public static Stepper of(ScenarioResult result) {
        return of(result.scenario(), result.design());
    }

    /** The catalogue's choices with {@code mine} in place of the entry of the same name (or in front of them). */
    private static <T> List<T> withFirst(List<T> catalogue, T mine, java.util.function.Function<T, String> key) {
        List<T> out = new ArrayList<>();
        boolean placed = false;
        for (T t : catalogue) {
            if (!placed && key.apply(t).equals(key.apply(mine))) {
                out.add(mine);
                placed = true;
            } else {
                out.add(t);
            }
        }
        if (!placed) out.add(0, mine);
        return out;
    }

    /** The recording shown now. */
    public ScenarioSteps steps() {
        return current;
    }

    public IntSlider slider() {
        return slider;
    }

    public Play play() {
        return play;
    }

    public Dropdown<Design> designs() {
        return designs;
    }

    public Dropdown<Scenario> scenarios() {
        return scenarios;
    }

    /** Where callbacks print, and where their errors show. */
    public Output output() {
        return output;
    }

    /** Shows step {@code k} (0 = before the first). */
    public Stepper step(int k) {
        slider.value(k);
        return this;
    }

    private void load(Scenario scenario, Design design) {
        if (scenario == null || design == null) return;
        ScenarioSteps s = recorded.computeIfAbsent(scenario.id() + "\u0000" + design.name() + "\u0000" + System.identityHashCode(design),
                k -> StepWatch.scenario(scenario, design));
        current = s;
        int k = Math.min(slider.value(), s.size());
        play.max(s.size());
        slider.max(Math.max(1, s.size()));
        slider.value(k);
        show(k);
    }

    private synchronized void show(int k) {
        ScenarioSteps s = current;
        int step = Math.min(k, s.size());
        if (shown[0] == s && (Integer) shown[1] == step) return;
        shown = new Object[] {s, step};
        where.value(step == 0 ? "before the first step" : String.format("%s (clock %d, CPU %d)", s.step(step).function(),
                s.step(step).clock(), s.step(step).cpu()));
        MemmapPicture p = s.picture(step);
        picture.value(p == null ? "<i>no struct page touched</i>" : p.toHtml());
        log.value(s.logHtml(step));
        chart.value(s.chartPng(step));
    }

    /** The words of the pages after the step shown now, as text (what the picture shows). */
    public String pictureText() {
        MemmapPicture p = current.picture(slider.value());
        return p == null ? "" : p.toText();
    }

    @Override protected String fallbackHtml() {
        return "<div><b>" + Html.escape(current.toString()) + "</b> (a stepper: run the notebook to scrub through it)</div>"
                + current.sequenceHtml();
    }

    @Override protected String summary() {
        return current.toString();
    }

    @Override public String toString() {
        return current.toText();
    }
}
