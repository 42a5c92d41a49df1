package lab.memremap.kernel.engine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * The Java engine: a JShell running snippets inside the kernel JVM. It evaluates a cell snippet by
 * snippet, hands back the real object of the last expression, turns failures into {@link CellFailure}s,
 * stops running code on request, and restarts itself when code cannot be stopped or memory is exhausted.
 * It knows nothing of Jupyter.
 */
public final class JShellEngine implements AutoCloseable {
    /** How long a stop may take before the engine is given up and replaced. */
    private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final List<String> compilerOptions;
    private final List<String> startupSnippets;
    private final List<String> classPath = new CopyOnWriteArrayList<>();
    private final PrintStream warnings;
    private volatile JShell shell;
    private volatile ExecutorService engineThread;
    private volatile boolean stopRequested;
    private volatile long stopRequestedAt;
    private volatile int generation;
    private volatile ClassPathIndex classPathIndex;
    /** IJAVA_TIMEOUT: a cell running longer is stopped as an interrupt would stop it; null for no limit. */
    private volatile java.time.Duration cellTimeLimit;
    private volatile boolean timedOut;

    public JShellEngine(List<String> compilerOptions, List<String> startupSnippets, PrintStream warnings) {
        this.compilerOptions = List.copyOf(compilerOptions);
        this.startupSnippets = List.copyOf(startupSnippets);
        this.warnings = warnings;
        this.engineThread = newEngineThread();
        this.shell = newShell();
    }

    private static ExecutorService newEngineThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jshell-engine");
            t.setDaemon(true);
            return t;
        });
    }

    private JShell newShell() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        JShell js = JShell.builder()
                .executionEngine(new GuardedExecutionControlProvider(), Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .out(quiet).err(quiet)
                .build();
        if (!classPath.isEmpty()) js.addToClasspath(String.join(java.io.File.pathSeparator, classPath));
        for (String script : startupSnippets) {
            for (SourcePiece piece : SnippetSplitter.split(js.sourceCodeAnalysis(), script).pieces()) {
                for (SnippetEvent e : js.eval(piece.source())) {
                    if (e.status() == Snippet.Status.REJECTED && e.causeSnippet() == null) {
                        warnings.println("memremap-lab kernel: start-up code rejected: " + piece.source().strip());
                    }
                }
            }
        }
        return js;
    }

    /** Sets the time limit of each cell (IJAVA_TIMEOUT); null for none. */
    public void setCellTimeLimit(java.time.Duration limit) {
        this.cellTimeLimit = limit;
    }

    /** Runs a cell on the engine thread. {@code bind} runs there first, so threads the cell starts inherit it. */
    public CellValue evalCell(String cell, Runnable bind) throws CellFailure {
        stopRequested = false;
        stopRequestedAt = 0;
        timedOut = false;
        ExecutorService executor = engineThread;
        int startedIn = generation;
        long startedAt = System.nanoTime();
        Future<CellValue> result = executor.submit(() -> {
            bind.run();
            return evalHere(cell);
        });
        try {
            return await(result, startedIn, startedAt);
        } catch (CellFailure f) {
            throw recover(timedOut ? timeout(f) : f);
        }
    }

    /** The failure of a cell stopped by its time limit, with what the stop did to the state. */
    private CellFailure timeout(CellFailure stopped) {
        String message = "the cell ran longer than its time limit of " + cellTimeLimit.toMillis()
                + " ms (IJAVA_TIMEOUT) and was stopped";
        List<String> lines = new ArrayList<>();
        lines.add(Ansi.red("Timeout:") + " " + message);
        for (String line : stopped.traceback()) if (!line.contains("stopped by an interrupt")) lines.add(line);
        if (lines.size() == 1) lines.add("The kernel state is kept.");
        return new CellFailure("Timeout", message, lines);
    }

    /**
     * Repairs the engine after a failure that hurt it, here on the waiting thread, where no stack frame
     * still holds the old JShell (and with it, the memory its variables fill).
     */
    private CellFailure recover(CellFailure f) {
        if (f.restartsEngine()) {
            restart(true);
            return f;
        }
        if (f.name().equals(ENGINE_BROKE)) {
            restart(true);
            return new CellFailure("EngineFailure", f.value(), f.traceback());
        }
        if (f.name().equals(OutOfMemoryError.class.getName())) return f.withNote(afterOutOfMemory());
        return f;
    }

    private CellValue await(Future<CellValue> result, int startedIn, long startedAt) throws CellFailure {
        while (true) {
            try {
                return result.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                java.time.Duration limit = cellTimeLimit;
                if (limit != null && !stopRequested && System.nanoTime() - startedAt > limit.toNanos()) {
                    timedOut = true;
                    stop();
                }
                if (stopRequestedAt != 0 && System.nanoTime() - stopRequestedAt > STOP_GRACE_NANOS
                        && generation == startedIn) {
                    restart();
                    throw new CellFailure("Interrupted", "the cell could not be stopped; the engine was restarted",
                            List.of(Ansi.red("Interrupted:") + " the cell did not stop within "
                                    + TimeUnit.NANOSECONDS.toSeconds(STOP_GRACE_NANOS) + " s, so the Java engine was"
                                    + " restarted: all variables and definitions are lost.",
                                    "A thread of the old engine may still be running in the background."));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CellFailure f) throw f;
                OutOfMemoryError oom = outOfMemory(e.getCause());
                if (oom != null) {
                    // The heap ran out in JShell's own machinery, typically because a variable holds it full.
                    throw new CellFailure(OutOfMemoryError.class.getName(), String.valueOf(oom.getMessage()),
                            List.of(Ansi.red(OutOfMemoryError.class.getName()) + ": " + oom.getMessage()));
                }
                throw new IllegalStateException("JShellEngine.evalCell: engine failure: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CellFailure.interrupted();
            }
        }
    }

    /** Runs code on the calling thread: for code that a running cell evaluates (magics, {@code eval(...)}). */
    public CellValue evalNested(String code) throws CellFailure {
        return evalHere(code);
    }

    private CellValue evalHere(String cell) throws CellFailure {
        refuseLongStringLiterals(cell);
        JShell js = shell;
        SnippetSplitter.Split split = SnippetSplitter.split(js.sourceCodeAnalysis(), cell);
        Map<String, Integer> snippetLines = new HashMap<>();
        CellValue value = CellValue.NONE;
        List<String> unusable = new ArrayList<>();
        boolean usable = false;
        for (SourcePiece piece : split.pieces()) {
            if (stopRequested) throw CellFailure.interrupted();
            ResultCapture.clear();
            List<SnippetEvent> events;
            try {
                events = js.eval(piece.source());
            } catch (IllegalStateException | InternalError | OutOfMemoryError broken) {
                throw engineBroke(js, broken);
            }
            if (stopRequested) throw CellFailure.interrupted();
            value = CellValue.NONE;
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) continue;
                Snippet snippet = event.snippet();
                snippetLines.put(snippet.id(), piece.firstLine(cell));
                List<Diag> errors = js.diagnostics(snippet).filter(Diag::isError).toList();
                if (errors.stream().anyMatch(JShellEngine::poisonsTheShell)) {
                    throw Tracebacks.compile(piece, cell, errors).restartingTheEngine();
                }
                if (event.status() == Snippet.Status.REJECTED
                        || (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED && !errors.isEmpty())) {
                    if (event.status() != Snippet.Status.REJECTED) js.drop(snippet);
                    throw Tracebacks.compile(piece, cell, errors);
                }
                if (event.exception() instanceof EvalException ee) {
                    throw runtimeFailure(ee, snippetLines);
                }
                if (event.exception() instanceof UnresolvedReferenceException ure) {
                    throw unresolved(js, ure.getSnippet());
                }
                if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    unusable.add(Feedback.unresolved(js, event));
                    continue;
                }
                usable = true;
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED) {
                    warnings.println(Feedback.unresolved(js, event));
                }
                if (event.value() != null && showsValue(snippet)) {
                    value = CellValue.of(ResultCapture.take());
                }
            }
        }
        if (split.incompleteTail() != null) {
            throw new CellFailure("IncompleteInput", "the cell ends in the middle of a statement",
                    List.of(Ansi.red("IncompleteInput:") + " the cell ends in the middle of a statement at cell line "
                            + split.incompleteTail().firstLine(cell) + ": "
                            + split.incompleteTail().source().strip().split("\n")[0]));
        }
        if (!unusable.isEmpty()) {
            // As jshell reports it; when nothing in the cell can be used, the cell failed.
            if (!usable) {
                List<String> lines = new ArrayList<>();
                for (String u : unusable) lines.add(Ansi.red("UnresolvedReference:") + " " + u);
                throw new CellFailure("UnresolvedReference", unusable.get(0), lines);
            }
            unusable.forEach(warnings::println);
        }
        return value;
    }

    /** javac errors after which JShell fails every later declaration (it keeps the bad class file around). */
    private static boolean poisonsTheShell(Diag d) {
        String m = d.getMessage(null);
        return m.contains("too long for the constant pool") || m.contains("constant string too long");
    }

    /**
     * A string constant over 65535 bytes does not fit a class file. Given to JShell it breaks the engine
     * (every later declaration fails, or worse), so it is refused before JShell sees the cell.
     */
    private static void refuseLongStringLiterals(String cell) throws CellFailure {
        if ((long) cell.length() * 3 <= SnippetSyntax.MAX_STRING_CONSTANT) return;  // cannot hold one
        SnippetSyntax.Literal longest = SnippetSyntax.longestStringLiteral(cell);
        if (longest.bytes() <= SnippetSyntax.MAX_STRING_CONSTANT) return;
        long line = 1 + cell.substring(0, longest.offset()).chars().filter(ch -> ch == '\n').count();
        String message = "constant string too long: a string literal of " + longest.bytes() + " bytes, where a class"
                + " file holds at most " + SnippetSyntax.MAX_STRING_CONSTANT;
        throw new CellFailure("CompilationError", message, List.of(
                Ansi.red("compile error") + " at cell line " + line + ": " + message,
                "Build long text at run time instead (String.repeat, a StringBuilder, Files.readString);"
                        + " the cell was not run, and the kernel state is kept."));
    }

    /**
     * JShell itself failed (javac ran out of heap, or the shell closed down): replace it and say so. If another
     * thread already replaced it (an interrupt that escalated), only report that.
     */
    private static final String ENGINE_BROKE = "EngineBroke";

    private CellFailure engineBroke(JShell broken, Throwable why) {
        boolean outOfMemory = outOfMemory(why) != null || String.valueOf(why.getMessage()).contains("OutOfMemoryError");
        String name = outOfMemory ? OutOfMemoryError.class.getName() : "EngineFailure";
        String message = outOfMemory ? "Java heap space" : String.valueOf(why);
        if (outOfMemory) {
            return new CellFailure(name, message, List.of(Ansi.red(name) + ": " + message));
        }
        return new CellFailure(ENGINE_BROKE, message, List.of(Ansi.red(name) + ": " + message,
                "The Java engine stopped working and was restarted: all variables and definitions are lost."));
    }

    private static boolean showsValue(Snippet snippet) {
        if (snippet.kind() == Snippet.Kind.EXPRESSION) return true;
        return snippet instanceof VarSnippet
                && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private CellFailure runtimeFailure(EvalException e, Map<String, Integer> snippetLines) {
        if (SnippetExit.class.getName().equals(e.getExceptionClassName())) {
            return new CellFailure("SystemExit", e.getMessage(),
                    List.of(Ansi.red("SystemExit:") + " the cell called exit (" + e.getMessage()
                            + "); the cell stopped there and the kernel keeps running"));
        }
        return Tracebacks.runtime(e, snippetLines);
    }

    private static OutOfMemoryError outOfMemory(Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) return oom;
        }
        return null;
    }

    /** After an OutOfMemoryError: keep the engine if the heap recovered, otherwise restart it and say so. */
    private String afterOutOfMemory() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory();
        if (used < rt.maxMemory() * 0.8) {
            return "The heap recovered after the error; the kernel state is kept.";
        }
        restart(true);
        return "The heap stayed full (a variable holds the memory), so the Java engine was restarted:"
                + " all variables and definitions are lost.";
    }

    private static CellFailure unresolved(JShell js, DeclarationSnippet snippet) {
        String missing = String.join(", ", js.unresolvedDependencies(snippet).toList());
        String message = Tracebacks.describe(snippet) + " cannot run until " + missing + " is defined";
        return new CellFailure("UnresolvedReference", message, List.of(Ansi.red("UnresolvedReference:") + " " + message));
    }

    /** Asks running snippet code to stop (called from another thread). The cell reports it once it has stopped. */
    public void stop() {
        stopRequested = true;
        stopRequestedAt = System.nanoTime();
        try {
            shell.stop();
        } catch (IllegalStateException alreadyClosed) {
            // nothing is running in a closed shell
        }
    }

    /** Frees the heap a full engine holds: closes JShell first, then starts a fresh one. */
    public void recoverFromOutOfMemory() {
        restart(true);
    }

    /** Replaces JShell with a fresh one: definitions are lost, the class path and start-up imports are kept. */
    public void restart() {
        restart(false);
    }

    /**
     * @param closeFirst close the old JShell before building the new one, to free its memory (after an
     *                   OutOfMemoryError); otherwise it is closed in the background, as it may be wedged
     */
    private synchronized void restart(boolean closeFirst) {
        ExecutorService oldThread = engineThread;
        generation++;
        if (closeFirst) {
            JShell full = shell;
            shell = null;
            try {
                full.close();
            } catch (RuntimeException | OutOfMemoryError ignored) {
                // freeing it is all that matters
            }
            full = null;
            System.gc();
            engineThread = newEngineThread();
            shell = newShell();
            oldThread.shutdownNow();
            return;
        }
        JShell old = shell;
        engineThread = newEngineThread();
        shell = newShell();
        oldThread.shutdownNow();
        Thread closer = new Thread(() -> {
            try {
                old.close();
            } catch (RuntimeException ignored) {
                // the old engine may be wedged; it is abandoned either way
            }
        }, "jshell-closer");
        closer.setDaemon(true);
        closer.start();
    }

    /** Adds entries to the class path of compiled and running snippets, in one batch (each call re-analyses). */
    public void addToClasspath(List<String> entries) {
        List<String> fresh = new ArrayList<>();
        for (String e : entries) if (!classPath.contains(e)) fresh.add(e);
        if (fresh.isEmpty()) return;
        classPath.addAll(fresh);
        shell.addToClasspath(String.join(java.io.File.pathSeparator, fresh));
        classPathIndex = null;
    }

    /** A variable the cells defined: its name, declared type and current value as text. */
    public record Variable(String name, String type, String value) {}

    /** The active variables of the cells, in declaration order; a value that cannot be read says why. */
    public List<Variable> variables() {
        JShell js = shell;
        List<Variable> out = new ArrayList<>();
        js.variables().filter(v -> js.status(v).isActive() && js.status(v) == Snippet.Status.VALID).forEach(v -> {
            String value;
            try {
                value = js.varValue(v);
            } catch (RuntimeException e) {
                value = "<" + e.getClass().getSimpleName() + ": " + e.getMessage() + ">";
            }
            out.add(new Variable(v.name(), v.typeName(), value));
        });
        return out;
    }

    /** The javac options snippets are compiled with (IJAVA_COMPILER_OPTS). */
    public List<String> compilerOptions() {
        return compilerOptions;
    }

    public List<String> addedClasspath() {
        return List.copyOf(classPath);
    }

    public JShell shell() {
        return shell;
    }

    /** Packages and classes on the class path, which JShell leaves out of completion (JDK-8177650). */
    public ClassPathIndex classPathIndex() {
        ClassPathIndex index = classPathIndex;
        if (index == null) {
            List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path", "")
                    .split(java.io.File.pathSeparator)));
            entries.addAll(classPath);
            index = ClassPathIndex.scan(entries);
            classPathIndex = index;
        }
        return index;
    }

    @Override
    public void close() {
        engineThread.shutdownNow();
        shell.close();
    }
}
