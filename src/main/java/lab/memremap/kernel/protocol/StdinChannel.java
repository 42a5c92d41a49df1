package lab.memremap.kernel.protocol;

import com.google.gson.JsonObject;
import org.zeromq.ZMQ;

/** Asks the frontend for a line of input on behalf of a running cell ({@code Scanner(System.in)}). */
public final class StdinChannel {
    private final ZMQ.Socket socket;
    private final WireCodec codec;

    StdinChannel(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /** Sends input_request to the client that sent {@code request} and blocks for its input_reply. */
    public synchronized String requestInput(Message request, String prompt, boolean password) {
        JsonObject c = new JsonObject();
        c.addProperty("prompt", prompt);
        c.addProperty("password", password);
        codec.send(socket, request.identities(), "input_request", request.header(), c);
        while (true) {
            Message reply = codec.receive(socket, 0);
            if (reply != null && reply.type().equals("input_reply")) return reply.text("value");
        }
    }
}
