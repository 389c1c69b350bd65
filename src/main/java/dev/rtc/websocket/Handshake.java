package dev.rtc.websocket;

import dev.rtc.http.Failures;
import dev.rtc.http.Resolve;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * What the handshake options ({@link HandshakeOptions}, {@link ConnectOptions}) asked for, already checked:
 * the URL, the extra request headers (Origin and Authorization among them), the subprotocols to offer, and
 * how to reach the server.
 *
 * @param trust   null for the JDK's default trust ({@code -k} and {@code --cacert} set one)
 * @param proxy    {@link Proxy#NO_PROXY} unless {@code --proxy}
 * @param identity the client certificate for a wss:// server that asks ({@code --cert}, {@code --key}), or null
 * @param resolve  {@code --resolve}'s addresses
 */
public record Handshake(URI uri, Map<String, String> headers, List<String> subprotocols, boolean compress,
        X509TrustManager trust, boolean insecure, Proxy proxy, Duration connectTimeout, boolean verbose,
        X509KeyManager identity, Resolve resolve) {

    /** A handshake with no extra headers, subprotocols or TLS settings, reaching {@code uri} directly (from code). */
    public static Handshake plain(URI uri, Duration connectTimeout) {
        return new Handshake(uri, Map.of(), List.of(), false, null, false, Proxy.NO_PROXY, connectTimeout, false, null,
                Resolve.NONE);
    }

    /** {@code HOST:PORT} for messages, with the scheme's default port filled in. */
    public String hostPort() {
        return Failures.where(uri.getHost(), port());
    }

    /** The port, with the scheme's default filled in. */
    int port() {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("wss") ? 443 : 80;
    }
}
