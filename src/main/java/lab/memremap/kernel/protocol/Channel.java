package lab.memremap.kernel.protocol;

import com.google.gson.JsonObject;
import org.zeromq.ZMQ;

/** A request channel (shell or control): a ROUTER socket read and answered by one thread only. */
public final class Channel {
    private final String name;
    private final ZMQ.Socket socket;
    private final WireCodec codec;

    Channel(String name, ZMQ.Socket socket, WireCodec codec) {
        this.name = name;
        this.socket = socket;
        this.codec = codec;
    }

    public String name() {
        return name;
    }

    Message next() {
        return codec.receive(socket, 0);
    }

    /** A message already waiting, or null: used to abort queued cells after an error. */
    Message pending() {
        return codec.receive(socket, ZMQ.DONTWAIT);
    }

    public void reply(Message request, String type, JsonObject content) {
        codec.send(socket, request.identities(), type, request.header(), content);
    }
}
