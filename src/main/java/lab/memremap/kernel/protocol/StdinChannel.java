package lab.memremap.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Asks the frontend for a line of input on behalf of a running cell ({@code Scanner(System.in)}).
 * One thread owns the socket; the cell waits on a future, so an interrupt (which JShell delivers to the
 * cell's thread) ends the wait without ever interrupting a thread inside ZeroMQ, and the question it
 * abandons no longer holds up the next one.
 */
public final class StdinChannel {
    private record Ask(Message request, String prompt, boolean password, CompletableFuture<String> answer) {}

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final BlockingQueue<Ask> asks = new LinkedBlockingQueue<>();

    StdinChannel(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
        Thread owner = new Thread(this::serve, "stdin-channel");
        owner.setDaemon(true);
        owner.start();
    }

    /** Sends input_request to the client that sent {@code request} and waits for its input_reply. */
    public String requestInput(Message request, String prompt, boolean password) throws InterruptedException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        asks.add(new Ask(request, prompt, password, answer));
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("StdinChannel.requestInput: the stdin channel failed", e.getCause());
        } finally {
            answer.cancel(false);  // an interrupted wait abandons the question
        }
    }

    private void serve() {
        try {
            while (true) {
                Ask ask = asks.take();
                if (ask.answer().isDone()) continue;
                dropStaleReplies();
                JsonObject c = new JsonObject();
                c.addProperty("prompt", ask.prompt());
                c.addProperty("password", ask.password());
                String asked = codec.send(socket, ask.request().identities(), "input_request", ask.request().header(), c);
                awaitReply(ask, asked);
            }
        } catch (InterruptedException | ZMQException | java.nio.channels.ClosedSelectorException stopped) {
            // kernel shutting down
        }
    }

    /**
     * Waits for the input_reply to {@code asked}, looking every {@value #POLL_MS} ms whether the cell has
     * abandoned the question (an interrupt): then the next question is asked, and a late reply is dropped.
     */
    private void awaitReply(Ask ask, String asked) {
        socket.setReceiveTimeOut(POLL_MS);
        while (!ask.answer().isDone()) {
            Message reply = codec.receive(socket, 0);
            if (reply == null || !reply.type().equals("input_reply")) continue;
            String parent = Message.string(reply.parentHeader(), "msg_id", "");
            if (!parent.isEmpty() && !parent.equals(asked)) continue;  // the answer to an abandoned question
            ask.answer().complete(reply.text("value"));
        }
    }

    /** As ipykernel does before each question: replies still queued belong to questions nobody waits for. */
    private void dropStaleReplies() {
        while (codec.receive(socket, ZMQ.DONTWAIT) != null) {
            // dropped
        }
    }

    private static final int POLL_MS = 100;
}
