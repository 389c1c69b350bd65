package dev.rtc.ws;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.Durations;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.http.HttpSession;
import dev.rtc.http.RequestHeaders;
import dev.rtc.http.Tls;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How to reach a WebSocket server and be let in: request headers and authentication, TLS trust, a proxy,
 * the connect timeout. {@code rtc ws} has them (in {@link HandshakeOptions}) and so does {@code rtc peer}
 * for its signalling relay. TLS trust and proxy parsing are the HTTP clients' ({@link Tls}, {@link HttpSession#proxy}).
 */
public final class ConnectOptions {
    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Add a handshake request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER:PASSWORD", description = "HTTP Basic authentication on the handshake.")
    String user;

    @Option(names = "--bearer", paramLabel = "TOKEN", description = "Send 'Authorization: Bearer TOKEN' on the handshake.")
    String bearer;

    @Option(names = {"-k", "--insecure"}, description = "wss: accept any TLS certificate and host name.")
    boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE", description = "wss: trust the PEM certificates in FILE (instead of the system's).")
    Path cacert;

    /** Whether -k was given (rtc peer applies it to turns: and stuns: servers too). */
    public boolean insecure() {
        return insecure;
    }

    @Option(names = "--proxy", paramLabel = "URL",
            description = "Connect through this proxy: http://HOST:PORT (CONNECT) or socks5://HOST:PORT.")
    String proxy;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Durations.class, defaultValue = "10s",
            description = "Give up connecting (TCP, TLS and handshake) after DURATION (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /** The handshake for {@code uri} (a ws:// or wss:// URL already checked) with these options alone. */
    public Handshake handshake(URI uri) {
        return handshake(uri, null, List.of(), false, false);
    }

    /** A usage error (exit 2) for an unreadable --cacert, a malformed header or subprotocol, proxy credentials. */
    Handshake handshake(URI uri, String origin, List<String> subprotocols, boolean compress, boolean verbose) {
        if (cacert != null && !Files.isReadable(cacert)) {
            throw new UsageException("--cacert: cannot read " + cacert);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : RequestHeaders.of(headers, user, bearer)) extra.put(h.getKey(), h.getValue());
        if (origin != null) extra.put("Origin", origin);
        for (String p : subprotocols) {
            if (!RequestHeaders.isToken(p)) throw new UsageException("--subprotocol '" + p + "' is not a valid token");
        }
        Proxy viaProxy = Proxy.NO_PROXY;
        if (proxy != null) {
            if (HttpSession.proxyUri(proxy).getRawUserInfo() != null) {
                throw new UsageException("--proxy: rtc's WebSocket client does not send proxy credentials; use a proxy without USER:PASSWORD@");
            }
            viaProxy = HttpSession.proxy(proxy);
        }
        boolean tls = uri.getScheme().equals("wss");
        return new Handshake(uri, Map.copyOf(extra), List.copyOf(subprotocols), compress,
                tls ? Tls.trustManager(insecure, cacert) : null, insecure, viaProxy, connectTimeout, verbose);
    }

}
