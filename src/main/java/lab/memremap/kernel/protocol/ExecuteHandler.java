package lab.memremap.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.memremap.kernel.WorkbookKernel;
import lab.memremap.kernel.engine.CellFailure;
import lab.memremap.kernel.engine.CellValue;
import lab.memremap.kernel.io.CellContext;
import lab.memremap.kernel.io.OutputRouter;
import lab.memremap.kernel.runtime.DisplayBundles;

/**
 * execute_request as Jupyter means it, where the base library does not: {@code silent} publishes nothing
 * and counts nothing, {@code store_history} decides what is counted and remembered, {@code user_expressions}
 * are evaluated, {@code ?name} pages documentation, and with {@code stop_on_error} an error aborts the cells
 * already queued behind it (Run All stops at the first error).
 */
final class ExecuteHandler {
    private static final Pattern HELP = Pattern.compile("\\A\\s*(?:\\?\\s*([\\w.$]+)|([\\w.$]+)\\s*\\?)\\s*\\z");

    private final WorkbookKernel kernel;
    private final IOPub iopub;
    private final StdinChannel stdin;
    private final History history;
    private final AtomicInteger executionCount = new AtomicInteger();

    ExecuteHandler(WorkbookKernel kernel, IOPub iopub, StdinChannel stdin, History history) {
        this.kernel = kernel;
        this.iopub = iopub;
        this.stdin = stdin;
        this.history = history;
    }

    /** Runs one request and replies; returns false when the cell failed and queued cells must be aborted. */
    boolean execute(Message request, Channel channel) {
        String code = request.text("code");
        boolean silent = request.flag("silent", false);
        boolean storeHistory = !silent && request.flag("store_history", true);
        int count = storeHistory ? executionCount.incrementAndGet() : executionCount.get();
        if (!silent) iopub.executeInput(request.header(), code, count);
        CellContext cell = new CellContext(request, iopub, stdin);
        OutputRouter.bind(cell);  // what rendering the result publishes (a widget's comm_open) belongs to the cell too
        JsonObject reply = new JsonObject();
        try {
            Matcher help = HELP.matcher(code);
            CellValue value = help.matches() ? page(help.group(1) != null ? help.group(1) : help.group(2), cell)
                    : kernel.runCell(code, cell);
            cell.flush();
            String outputText = null;
            // As in IJava, a null result shows nothing (so a line magic such as %load, which returns null, is quiet).
            if (value.present() && value.value() != null && !silent && !code.strip().endsWith(";")
                    && !isOwnDisplayId(value, cell)) {
                JsonObject bundle = DisplayBundles.toJson(kernel.renderValue(value.value()));
                iopub.executeResult(request.header(), count, bundle);
                JsonElement text = bundle.getAsJsonObject("data").get("text/plain");
                outputText = text == null ? null : text.getAsString();
            }
            if (storeHistory) history.add(count, code, outputText);
            reply.addProperty("status", "ok");
            reply.addProperty("execution_count", count);
            JsonArray payload = new JsonArray();
            cell.payloads().forEach(payload::add);
            reply.add("payload", payload);
            reply.add("user_expressions", userExpressions(request, cell));
            channel.reply(request, "execute_reply", reply);
            return true;
        } catch (CellFailure | RuntimeException | Error e) {
            CellFailure f = e instanceof CellFailure cf ? cf : kernelFailure(e);
            cell.flush();
            if (!silent) iopub.error(request.header(), f.name(), f.value(), f.traceback());
            if (storeHistory) history.add(count, code, null);
            reply = IOPub.errorContent(f.name(), f.value(), f.traceback());
            reply.addProperty("status", "error");
            reply.addProperty("execution_count", count);
            channel.reply(request, "execute_reply", reply);
            return !request.flag("stop_on_error", true);
        } finally {
            OutputRouter.unbind();
        }
    }

    private CellValue page(String name, CellContext cell) throws CellFailure {
        DisplayData doc = kernel.inspect(name, name.length(), true);
        if (doc == null) {
            throw new CellFailure("NameError", "no documentation found for '" + name + "'",
                    List.of("NameError: no documentation found for '" + name + "'"));
        }
        JsonObject payload = new JsonObject();
        payload.addProperty("source", "page");
        payload.add("data", DisplayBundles.toJson(doc).getAsJsonObject("data"));
        payload.addProperty("start", 0);
        cell.addPayload(payload);
        return CellValue.NONE;
    }

    private static boolean isOwnDisplayId(CellValue value, CellContext cell) {
        return value.value() instanceof String s && s.equals(cell.lastDisplayId());
    }

    private JsonObject userExpressions(Message request, CellContext cell) {
        JsonObject results = new JsonObject();
        if (!request.content().has("user_expressions") || !request.content().get("user_expressions").isJsonObject()) {
            return results;
        }
        for (Map.Entry<String, JsonElement> e : request.content().getAsJsonObject("user_expressions").entrySet()) {
            JsonObject r;
            try {
                CellValue v = kernel.engine().evalCell(e.getValue().getAsString(), () -> OutputRouter.bind(cell));
                JsonObject bundle = DisplayBundles.toJson(kernel.renderValue(v.present() ? v.value() : null));
                r = new JsonObject();
                r.addProperty("status", "ok");
                r.add("data", bundle.get("data"));
                r.add("metadata", bundle.get("metadata"));
            } catch (CellFailure f) {
                r = IOPub.errorContent(f.name(), f.value(), f.traceback());
                r.addProperty("status", "error");
            }
            results.add(e.getKey(), r);
        }
        return results;
    }

    /** A failure outside the cell's own code: in the engine, a renderer, or the heap running out. */
    private CellFailure kernelFailure(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            kernel.engine().recoverFromOutOfMemory();
            return new CellFailure(OutOfMemoryError.class.getName(), String.valueOf(e.getMessage()),
                    List.of(OutOfMemoryError.class.getName() + ": " + e.getMessage(),
                            "The Java engine was restarted to free the heap: all variables and definitions are lost."));
        }
        String name = e.getClass().getName();
        String message = e.getMessage() == null ? "" : e.getMessage();
        return new CellFailure(name, message, List.of(name + ": " + message));
    }

    /** Replies to a queued execute_request that an earlier error cancelled. */
    void abort(Message request, Channel channel) {
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "aborted");
        reply.addProperty("execution_count", executionCount.get());
        channel.reply(request, "execute_reply", reply);
    }
}
