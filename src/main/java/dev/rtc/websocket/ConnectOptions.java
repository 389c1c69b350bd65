package dev.rtc.websocket;

import dev.rtc.cli.UsageException;
import dev.rtc.http.ConnectionOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.http.Proxies;
import dev.rtc.http.RequestHeaders;
import dev.rtc.http.Tls;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * How to reach a WebSocket server and be let in: the HTTP clients' {@link ConnectionOptions} (headers and
 * authentication, TLS trust, a proxy, the connect timeout) read for a handshake. {@code rtc ws} has them (in
 * {@link HandshakeOptions}) and so does {@code rtc peer} for its signalling relay.
 */
public final class ConnectOptions {
    @Mixin
    ConnectionOptions connection;

    /** Whether -k was given (rtc peer applies it to turns: and stuns: servers too). */
    public boolean insecure() {
        return connection.insecure();
    }

    /** The handshake for {@code uri} (a ws:// or wss:// URL already checked) with these options alone. */
    public Handshake handshake(URI uri) {
        return handshake(uri, null, List.of(), false, false);
    }

    /** A usage error (exit 2) for an unreadable --cacert, a malformed header or subprotocol, proxy credentials. */
    Handshake handshake(URI uri, String origin, List<String> subprotocols, boolean compress, boolean verbose) {
        return handshake(connection, uri, origin, subprotocols, compress, verbose);
    }

    /** The handshake for {@code uri} with the connection options an HTTP command was given ({@code rtc compare}'s). */
    public static Handshake handshake(ConnectionOptions connection, URI uri) {
        return handshake(connection, uri, null, List.of(), false, false);
    }

    private static Handshake handshake(ConnectionOptions connection, URI uri, String origin, List<String> subprotocols,
            boolean compress, boolean verbose) {
        Path cacert = connection.cacert();
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : RequestHeaders.of(connection.headers(), connection.user(), connection.bearer())) {
            extra.put(h.getKey(), h.getValue());
        }
        if (origin != null) extra.put("Origin", origin);
        for (String p : subprotocols) {
            if (!RequestHeaders.isToken(p)) throw new UsageException("--subprotocol '" + p + "' is not a valid token");
        }
        boolean tls = uri.getScheme().equals("wss");
        Proxy viaProxy = Proxy.NO_PROXY;
        Proxies.Choice chosen = Proxies.choose(tls, uri.getHost(), connection.proxy(), connection.noproxy(), System.getenv());
        if (chosen != null) {
            if (HttpSession.proxyUri(chosen.url()).getRawUserInfo() != null) {
                throw new UsageException(chosen.source() + ": rtc's WebSocket client does not send proxy credentials; "
                        + "use a proxy without USER:PASSWORD@");
            }
            viaProxy = HttpSession.proxy(chosen.url());
        }
        return new Handshake(uri, Map.copyOf(extra), List.copyOf(subprotocols), compress,
                tls ? Tls.trustManager(connection.insecure(), cacert) : null, connection.insecure(), viaProxy,
                connection.connectTimeout(), verbose, connection.identity(tls), connection.resolve());
    }
}
