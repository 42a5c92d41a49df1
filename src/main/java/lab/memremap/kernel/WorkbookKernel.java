package lab.memremap.kernel;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.common.Image;
import io.github.spencerpark.jupyter.kernel.display.common.Text;
import io.github.spencerpark.jupyter.kernel.display.common.Url;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import lab.memremap.kernel.engine.CellFailure;
import lab.memremap.kernel.engine.CellValue;
import lab.memremap.kernel.engine.Completer;
import lab.memremap.kernel.engine.CompletenessChecker;
import lab.memremap.kernel.engine.Inspector;
import lab.memremap.kernel.engine.JShellEngine;
import lab.memremap.kernel.io.CellContext;
import lab.memremap.kernel.io.OutputRouter;
import lab.memremap.kernel.magics.ClasspathMagics;
import lab.memremap.kernel.magics.HelpMagic;
import lab.memremap.kernel.magics.LoadMagic;
import lab.memremap.kernel.magics.MagicCatalog;
import lab.memremap.kernel.magics.MagicHost;
import lab.memremap.kernel.magics.MagicTranspiler;
import lab.memremap.kernel.magics.MavenMagics;
import lab.memremap.kernel.magics.MavenResolver;
import lab.memremap.kernel.magics.VarsMagic;
import lab.memremap.kernel.render.WorkbookRenderers;

/**
 * The memremap-lab kernel: wires the JShell engine, the magics and the renderers together, and offers the
 * surface IJava notebooks use through {@code getKernelInstance()} ({@code getRenderer()},
 * {@code getMagics()}, {@code addToClasspath()}, {@code evalRaw()}). The Jupyter protocol lives in
 * {@code lab.memremap.kernel.protocol}; this class holds no logic of its own.
 */
public final class WorkbookKernel extends BaseKernel implements MagicHost {
    public static final String VERSION = "0.1.0";
    private static volatile WorkbookKernel instance;

    private final KernelSettings settings;
    private final CompletableFuture<JShellEngine> engine;
    private final MagicCatalog magics = new MagicCatalog();
    private final MavenResolver mavenResolver = new MavenResolver();
    private final AtomicInteger displayIds = new AtomicInteger();

    public WorkbookKernel(KernelSettings settings) {
        this.settings = settings;
        this.renderer = new Renderer();
        Text.registerAll(renderer);
        Url.registerAll(renderer);
        lab.memremap.kernel.render.WidgetRenderer.register(renderer);
        if (!settings.workbookPreloaded()) {
            Image.registerAll(renderer);  // exactly what a stock IJava kernel has
        }
        new ClasspathMagics(this).register(magics);
        new MavenMagics(this, mavenResolver).register(magics);
        new LoadMagic(this).register(magics);
        new lab.memremap.kernel.magics.TimeMagic(this).register(magics);
        new VarsMagic(this).register(magics);
        new HelpMagic(this, magics).register(magics);
        List<String> startup = new ArrayList<>(StartupImports.snippets(settings.workbookPreloaded(),
                WorkbookKernel.class.getClassLoader()));
        startup.addAll(StartupImports.scripts(settings.startupScriptsPath()));
        if (!settings.startupScript().isBlank()) startup.add(settings.startupScript());
        // JShell takes most of a second to warm up: start it now, answer kernel_info meanwhile.
        // The workbook renderers load Tablesaw and XChart classes: also off the path to kernel_info.
        // Nothing renders before the engine is ready, so registering first here is safe.
        this.engine = CompletableFuture.supplyAsync(() -> {
            if (settings.workbookPreloaded()) WorkbookRenderers.register(renderer);
            JShellEngine e = new JShellEngine(settings.compilerOptions(), startup, System.err);
            e.setCellTimeLimit(settings.cellTimeLimit());
            if (!settings.classpath().isBlank()) {
                e.addToClasspath(List.of(settings.classpath().split(File.pathSeparator)));
            }
            return e;
        });
        instance = this;
    }

    /** The running kernel, for notebook code. */
    public static WorkbookKernel instance() {
        WorkbookKernel k = instance;
        if (k == null) throw new IllegalStateException("WorkbookKernel.instance: no kernel is running in this JVM");
        return k;
    }

    public JShellEngine engine() {
        try {
            return engine.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("WorkbookKernel.engine: interrupted while JShell started", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("WorkbookKernel.engine: JShell failed to start", e.getCause());
        }
    }

    public KernelSettings settings() {
        return settings;
    }

    /** Runs a cell for the protocol layer: magics transpiled, output bound to {@code cell}. */
    public CellValue runCell(String code, CellContext cell) throws CellFailure {
        String java = transpile(code);
        return engine().evalCell(java, () -> OutputRouter.bind(cell));
    }

    private static String transpile(String code) throws CellFailure {
        try {
            return MagicTranspiler.transpile(code);
        } catch (IllegalArgumentException e) {
            throw new CellFailure("MagicSyntaxError", e.getMessage(), List.of("MagicSyntaxError: " + e.getMessage()));
        }
    }

    @Override
    public Object evalNested(String code) throws Exception {
        CellValue v = engine().evalNested(transpile(code));
        return v.present() ? v.value() : null;
    }

    /** IJava's {@code evalRaw}: run code, return the live object. */
    public Object evalRaw(String code) throws Exception {
        return evalNested(code);
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        Object value = evalNested(code);
        return value == null ? null : renderValue(value);
    }

    /** The display data for a value; null renders as the text {@code null}. */
    public DisplayData renderValue(Object value) {
        if (value instanceof DisplayData d) return d;
        if (value == null) return new DisplayData("null");
        return renderer.render(value);
    }

    public String nextDisplayId() {
        return "memremap-display-" + displayIds.incrementAndGet();
    }

    @Override
    public void addToClasspath(List<String> entries) {
        engine().addToClasspath(entries);
    }

    /** IJava's form: a path-separated list. */
    public void addToClasspath(String path) {
        addToClasspath(List.of(path.split(File.pathSeparator)));
    }

    @Override
    public void page(String text, String html) {
        CellContext c = OutputRouter.current();
        if (c == null) throw new IllegalStateException("page: called outside a running cell");
        JsonObject data = new JsonObject();
        data.addProperty("text/plain", text);
        if (html != null) data.addProperty("text/html", html);
        JsonObject payload = new JsonObject();
        payload.addProperty("source", "page");
        payload.add("data", data);
        payload.addProperty("start", 0);
        c.addPayload(payload);
    }

    @Override
    public List<VarsMagic.Variable> variables() {
        return engine().variables().stream().map(v -> new VarsMagic.Variable(v.name(), v.type(), v.value())).toList();
    }

    public Magics getMagics() {
        return magics.registry();
    }

    public MagicCatalog magicCatalog() {
        return magics;
    }

    public MavenResolver getMavenResolver() {
        return mavenResolver;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Completer.Completions c = new Completer(engine(), magics.names()).complete(code, at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        Optional<Inspector.Documentation> doc = new Inspector(engine()).inspect(code, at);
        if (doc.isEmpty()) return null;
        DisplayData d = new DisplayData(doc.get().text());
        d.putHTML(doc.get().html());
        return d;
    }

    /** Jupyter's verdict and indent; the base class's String-only contract cannot say "incomplete" and indent apart. */
    public CompletenessChecker.Verdict completeness(String code) {
        String java;
        try {
            java = MagicTranspiler.transpile(code);
        } catch (IllegalArgumentException badMagic) {
            return new CompletenessChecker.Verdict("invalid", null);
        }
        return new CompletenessChecker(engine()).check(java);
    }

    @Override
    public String isComplete(String code) {
        CompletenessChecker.Verdict v = completeness(code);
        return v.status().equals("incomplete") ? v.indent() : v.status();
    }

    @Override
    public void interrupt() {
        if (engine.isDone()) engine().stop();
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    @Override
    public String getBanner() {
        return "memremap-lab Java kernel " + VERSION + " (JShell on Java " + Runtime.version().feature() + ")"
                + (settings.workbookPreloaded() ? ", workbook preloaded" : ", bare (workbook not preloaded)");
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help("Java API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/index.html"));
    }
}
