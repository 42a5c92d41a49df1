package lab.memremap.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.logging.Level;
import java.util.logging.Logger;
import lab.memremap.kernel.WorkbookKernel;
import lab.memremap.kernel.engine.CompletenessChecker;
import lab.memremap.kernel.runtime.DisplayBundles;

/**
 * Answers every request on shell and control. Each reply carries {@code status}, busy/idle brackets every
 * request, and an unknown request gets an error reply instead of silence.
 */
final class RequestHandlers {
    private static final Logger LOG = Logger.getLogger(RequestHandlers.class.getName());

    private final WorkbookKernel kernel;
    private final IOPub iopub;
    private final History history = new History();
    private final ExecuteHandler execute;
    private final Runnable shutdown;
    private final Comms comms;

    RequestHandlers(WorkbookKernel kernel, IOPub iopub, StdinChannel stdin, Runnable shutdown) {
        this.kernel = kernel;
        this.iopub = iopub;
        this.execute = new ExecuteHandler(kernel, iopub, stdin, history);
        this.shutdown = shutdown;
        this.comms = new Comms(iopub);
        new WidgetComms(comms, iopub).install();
    }

    /** Handles one request; on shell, a failed cell also aborts the execute requests queued behind it. */
    void handle(Message request, Channel channel) {
        iopub.status(request.header(), "busy");
        try {
            boolean keepGoing = dispatch(request, channel);
            if (!keepGoing) abortQueued(channel);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request " + request.type() + " failed", e);
            JsonObject error = IOPub.errorContent(e.getClass().getName(), String.valueOf(e.getMessage()), java.util.List.of());
            error.addProperty("status", "error");
            channel.reply(request, replyType(request.type()), error);
        } finally {
            iopub.status(request.header(), "idle");
        }
    }

    private boolean dispatch(Message request, Channel channel) {
        switch (request.type()) {
            case "execute_request" -> {
                return execute.execute(request, channel);
            }
            case "kernel_info_request" -> channel.reply(request, "kernel_info_reply", kernelInfo());
            case "complete_request" -> channel.reply(request, "complete_reply", complete(request));
            case "inspect_request" -> channel.reply(request, "inspect_reply", inspect(request));
            case "is_complete_request" -> channel.reply(request, "is_complete_reply", isComplete(request));
            case "history_request" -> channel.reply(request, "history_reply", history(request));
            case "comm_info_request" -> channel.reply(request, "comm_info_reply", comms.info(request.text("target_name")));
            case "comm_open", "comm_msg", "comm_close" -> comms.handle(request);
            case "interrupt_request" -> {
                kernel.interrupt();
                comms.interrupt();
                channel.reply(request, "interrupt_reply", ok());
            }
            case "shutdown_request" -> {
                JsonObject c = ok();
                c.addProperty("restart", request.flag("restart", false));
                channel.reply(request, "shutdown_reply", c);
                shutdown.run();
            }
            default -> {
                JsonObject c = IOPub.errorContent("UnknownRequest", "this kernel does not handle " + request.type(),
                        java.util.List.of());
                c.addProperty("status", "error");
                if (request.type().endsWith("_request")) channel.reply(request, replyType(request.type()), c);
                else LOG.warning("ignored message of type " + request.type());
            }
        }
        return true;
    }

    private void abortQueued(Channel channel) {
        for (Message queued = channel.pending(); queued != null; queued = channel.pending()) {
            if (queued.type().equals("execute_request")) {
                iopub.status(queued.header(), "busy");
                execute.abort(queued, channel);
                iopub.status(queued.header(), "idle");
            } else {
                handle(queued, channel);
            }
        }
    }

    private static String replyType(String requestType) {
        return requestType.endsWith("_request")
                ? requestType.substring(0, requestType.length() - "_request".length()) + "_reply" : requestType + "_reply";
    }

    private static JsonObject ok() {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        return c;
    }

    private JsonObject kernelInfo() {
        LanguageInfo li = kernel.getLanguageInfo();
        JsonObject language = new JsonObject();
        language.addProperty("name", li.getName());
        language.addProperty("version", li.getVersion());
        language.addProperty("mimetype", li.getMimetype());
        language.addProperty("file_extension", li.getFileExtension());
        language.addProperty("pygments_lexer", li.getPygmentsLexer());
        language.addProperty("codemirror_mode", "text/x-java");
        JsonObject c = ok();
        c.addProperty("protocol_version", WireCodec.PROTOCOL_VERSION);
        c.addProperty("implementation", "memremap-lab");
        c.addProperty("implementation_version", WorkbookKernel.VERSION);
        c.add("language_info", language);
        c.addProperty("banner", kernel.getBanner());
        c.addProperty("debugger", false);
        JsonArray links = new JsonArray();
        for (LanguageInfo.Help h : kernel.getHelpLinks()) {
            JsonObject link = new JsonObject();
            link.addProperty("text", h.getText());
            link.addProperty("url", h.getUrl());
            links.add(link);
        }
        c.add("help_links", links);
        return c;
    }

    private JsonObject complete(Message request) {
        String code = request.text("code");
        int cursor = CodePoints.toCharIndex(code, request.content().get("cursor_pos").getAsInt());
        ReplacementOptions options = kernel.complete(code, cursor);
        JsonObject c = ok();
        JsonArray matches = new JsonArray();
        options.getReplacements().forEach(matches::add);
        c.add("matches", matches);
        c.addProperty("cursor_start", CodePoints.fromCharIndex(code, options.getSourceStart()));
        c.addProperty("cursor_end", CodePoints.fromCharIndex(code, options.getSourceEnd()));
        c.add("metadata", new JsonObject());
        return c;
    }

    private JsonObject inspect(Message request) {
        String code = request.text("code");
        int cursor = CodePoints.toCharIndex(code, request.content().get("cursor_pos").getAsInt());
        DisplayData doc = kernel.inspect(code, cursor, false);
        JsonObject c = ok();
        c.addProperty("found", doc != null);
        JsonObject bundle = doc == null ? null : DisplayBundles.toJson(doc);
        c.add("data", bundle == null ? new JsonObject() : bundle.get("data"));
        c.add("metadata", new JsonObject());
        return c;
    }

    private JsonObject isComplete(Message request) {
        CompletenessChecker.Verdict v = kernel.completeness(request.text("code"));
        JsonObject c = new JsonObject();
        c.addProperty("status", v.status());
        if (v.indent() != null) c.addProperty("indent", v.indent());
        return c;
    }

    private JsonObject history(Message request) {
        JsonObject q = request.content();
        boolean output = request.flag("output", false);
        String type = request.text("hist_access_type");
        JsonArray rows = switch (type) {
            case "tail" -> history.tail(intOr(q, "n", 10), output);
            case "range" -> history.range(intOr(q, "session", 0), intOr(q, "start", 0), intOr(q, "stop", 0), output);
            case "search" -> history.search(request.text("pattern"), intOr(q, "n", 0), request.flag("unique", false), output);
            default -> new JsonArray();
        };
        JsonObject c = ok();
        c.add("history", rows);
        return c;
    }

    private static int intOr(JsonObject o, String name, int fallback) {
        return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsInt() : fallback;
    }
}
