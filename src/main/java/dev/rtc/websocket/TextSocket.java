package dev.rtc.websocket;

import dev.rtc.cli.RtcException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/**
 * A WebSocket for another command's text protocol (rtc peer's signalling): one connection, no reconnect,
 * made as {@code rtc ws} makes its own, so the handshake, TLS trust and every "could not connect" line are
 * the same. Binary messages and pongs are ignored.
 */
public final class TextSocket implements AutoCloseable {
    /** Signalling messages are SDP and candidates: a few KiB. */
    static final int MAX_MESSAGE_SIZE = WsClient.MAX_MESSAGE_SIZE;

    /** What arrives, on the library's read thread. */
    public interface Listener {
        void text(String message);

        /**
         * The connection ended without {@link #close()}: the close code (1006 when it was lost) and
         * reason, and what went wrong, if anything did.
         */
        void closed(int code, String reason, Exception error);
    }

    private final Connection connection;
    private volatile boolean closing;

    /** Not connected yet: the listener may keep this before {@link #connect} and answer what arrives on it. */
    public TextSocket(Handshake handshake, Listener listener) {
        this.connection = new Connection(new Connection.Owner() {
            @Override
            public void received(String text, long wireBytes, long nanos) {
                listener.text(text);
            }

            @Override
            public void closed(Connection c, Connection.Ending end) {
                if (c.wasOpened() && !closing) listener.closed(end.code(), end.reason(), c.error());
            }
        }, handshake, MAX_MESSAGE_SIZE);
    }

    /**
     * Connects within {@code --connect-timeout}; a failure is an {@link RtcException} with rtc ws's line for it.
     * Messages may reach the listener before this returns.
     */
    public void connect() throws InterruptedException {
        String problem = connection.attempt();
        if (problem != null) throw new RtcException(problem);
    }

    /** Queues {@code text}; false when the connection has ended. */
    public boolean send(String text) {
        try {
            connection.send(text);
            return true;
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
    }

    /** A close handshake (1000), briefly awaited, as {@code rtc ws} ends. */
    @Override
    public void close() {
        closing = true;
        try {
            connection.closeCleanly();
        } catch (InterruptedException e) {
            connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, "");
            Thread.currentThread().interrupt();
        }
    }
}
