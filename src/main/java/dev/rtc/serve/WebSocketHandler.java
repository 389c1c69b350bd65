package dev.rtc.serve;

/**
 * The engine's extension point: given to {@link Server#start(ServeConfig, WebSocketHandler)}, it takes every
 * path as a WebSocket instead of rtc serve's routes, with the engine's upgrade, limits, heartbeat and drain.
 * {@code rtc ws -l} plugs in here; the engine knows nothing of what it does. Called on the connections'
 * event loops: keep each call short.
 */
public interface WebSocketHandler {
    /** A connection's WebSocket is about to open; what is sent to {@code peer} from now on follows the 101. */
    void opened(Peer peer);

    /** A complete text or binary message from {@code peer}; {@code data} is the handler's to keep. */
    void message(Peer peer, byte[] data, boolean text);

    /** {@code peer}'s connection is gone, whichever side ended it. */
    void closed(Peer peer);

    /** One connection, to send to from any thread. */
    interface Peer {
        /** HOST:PORT it connects from. */
        String address();

        void send(byte[] data, boolean text);

        /** Starts the close handshake with {@code code} and {@code reason}. */
        void close(int code, String reason);
    }
}
