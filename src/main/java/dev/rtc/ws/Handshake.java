package dev.rtc.ws;

import dev.rtc.http.Failures;
import dev.rtc.http.RequestHeaders;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;

/**
 * What the handshake options asked for, already checked: the URL, the extra request headers (Origin and
 * Authorization among them), the subprotocols to offer, and how to reach the server.
 *
 * @param trust   null for the JDK's default trust ({@code -k} and {@code --cacert} set one)
 * @param proxy   {@link Proxy#NO_PROXY} unless {@code --proxy}
 */
public record Handshake(URI uri, Map<String, String> headers, List<String> subprotocols, boolean compress,
        X509TrustManager trust, boolean insecure, Proxy proxy, Duration connectTimeout, boolean verbose) {

    /** A handshake to {@code uri} asking nothing more than rtc's User-Agent, with the system's TLS trust. */
    public static Handshake plain(URI uri, Duration connectTimeout) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : RequestHeaders.of(List.of(), null, null)) headers.put(h.getKey(), h.getValue());
        return new Handshake(uri, Map.copyOf(headers), List.of(), false, null, false, Proxy.NO_PROXY, connectTimeout, false);
    }

    /** {@code HOST:PORT} for messages, with the scheme's default port filled in. */
    String hostPort() {
        return Failures.where(uri.getHost(), port());
    }

    /** The port, with the scheme's default filled in. */
    int port() {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("wss") ? 443 : 80;
    }
}
