package dev.rtc.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code rtc ws -l}: the server in listening mode, where every path is a WebSocket whose messages are
 * handed to {@link Events} and echoed to their sender or broadcast to the other clients, and where the
 * owner can send to every client at once. Started with {@link Server#start(ServeConfig, Listening)}.
 */
public final class Listening {
    public enum Mode { ECHO, BROADCAST }

    /** What the owner hears about clients; called on the clients' event loops. */
    public interface Events {
        void joined(String client, int clients);

        void message(String client, byte[] data, boolean text);

        void left(String client, int clients);
    }

    final Mode mode;
    final Events events;
    final Set<Channel> clients = ConcurrentHashMap.newKeySet();

    public Listening(Mode mode, Events events) {
        this.mode = mode;
        this.events = events;
    }

    public int clients() {
        return clients.size();
    }

    /** Sends a text message to every client; how many there were. */
    public int sendText(String text) {
        return sendAll(() -> new TextWebSocketFrame(text));
    }

    /** Sends a binary message to every client; how many there were. */
    public int sendBinary(byte[] data) {
        return sendAll(() -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    /** Starts the close handshake with every client. */
    public void closeAll(int code, String reason) {
        sendAll(() -> new CloseWebSocketFrame(code, reason));
    }

    private int sendAll(Supplier<WebSocketFrame> frame) {
        int n = 0;
        for (Channel ch : clients) {
            ch.writeAndFlush(frame.get(), ch.voidPromise());
            n++;
        }
        return n;
    }
}
