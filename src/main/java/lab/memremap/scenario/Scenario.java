package lab.memremap.scenario;

import java.util.Objects;
import java.util.function.Consumer;
import lab.memremap.model.Config;
import lab.memremap.model.Design;

/**
 * One scenario, like a litmus test: a name, a one-line purpose, and its steps, written against a
 * {@link ScenarioContext} (driver operations, kernel calls, and for races the programs of each CPU
 * with the interleaving that names them). Run it on a design with {@link #run(Design)}.
 * <pre>{@code
 * Scenario mine = Scenario.of("S99", "order 1, then driver removal", ctx -> {
 *     DrmBuddy vram = ctx.buddy(1024);
 *     ctx.allocAt("a", vram, 0, 1);
 *     ctx.free("a");
 *     ctx.teardown();
 * });
 * mine.run(Designs.D4);
 * }</pre>
 */
public final class Scenario {
    private final String id;
    private final String purpose;
    private final Consumer<ScenarioContext> body;
    private final Config config;

    private Scenario(String id, String purpose, Config config, Consumer<ScenarioContext> body) {
        this.id = Objects.requireNonNull(id, "Scenario.of: id is null");
        this.purpose = Objects.requireNonNull(purpose, "Scenario.of: purpose is null");
        this.config = Objects.requireNonNull(config, "Scenario.of: config is null");
        this.body = Objects.requireNonNull(body, "Scenario.of: body is null");
    }

    public static Scenario of(String id, String purpose, Consumer<ScenarioContext> body) {
        return new Scenario(id, purpose, Config.defaults(), body);
    }

    /** The same scenario under another base configuration (e.g. CONFIG_DEBUG_VM=n). */
    public Scenario withConfig(Config c) {
        return new Scenario(id, purpose, c, body);
    }

    public String id() {
        return id;
    }

    public String purpose() {
        return purpose;
    }

    public Config config() {
        return config;
    }

    Consumer<ScenarioContext> body() {
        return body;
    }

    /** Runs this scenario on a fresh machine with {@code design}. */
    public ScenarioResult run(Design design) {
        return ScenarioRunner.run(this, design, m -> { });
    }

    /**
     * Runs it as {@link #run(Design)} does, handing the fresh machine to {@code onBoot} before the first
     * step (to watch it, say, with a step listener); the run itself is the same.
     */
    public ScenarioResult run(Design design, java.util.function.Consumer<lab.memremap.model.Machine> onBoot) {
        return ScenarioRunner.run(this, design, Objects.requireNonNull(onBoot, "Scenario.run: onBoot is null"));
    }

    @Override public String toString() {
        return id + " — " + purpose;
    }
}
