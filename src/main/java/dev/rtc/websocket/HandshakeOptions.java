package dev.rtc.websocket;

import dev.rtc.http.Urls;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a WebSocket handshake: how to connect ({@link ConnectOptions}, the HTTP clients' options
 * that apply to an upgrade), plus origin, subprotocols, compression and {@code -v}.
 */
public final class HandshakeOptions {
    @Mixin
    ConnectOptions connect;

    @Option(names = "--origin", paramLabel = "ORIGIN", description = "Send 'Origin: ORIGIN' (browsers always do; some servers require it).")
    String origin;

    @Option(names = "--subprotocol", paramLabel = "PROTOCOL",
            description = "Offer this subprotocol in Sec-WebSocket-Protocol (repeatable, in order of preference). "
                    + "A server that picks none is accepted, as browsers accept it.")
    List<String> subprotocols = new ArrayList<>();

    @Option(names = "--compress", description = "Offer permessage-deflate compression (used when the server accepts it).")
    boolean compress;

    @Option(names = {"-v", "--verbose"},
            description = "Print the handshake request and the 101 response headers on stderr ('> ' and '< '), the "
                    + "negotiated subprotocol and extensions, each pong's round-trip time, and stack traces of failures.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }

    /** The handshake for {@code url}; a usage error (exit 2) for a malformed URL or a scheme other than ws/wss. */
    public Handshake handshake(String url) {
        return connect.handshake(Urls.webSocket(url), origin, subprotocols, compress, verbose);
    }
}
