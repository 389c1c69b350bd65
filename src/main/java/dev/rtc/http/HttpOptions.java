package dev.rtc.http;

import dev.rtc.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The HTTP request options of SPEC.md, shared by poll, longpoll, stream and sse: how to connect
 * ({@link ConnectionOptions}, which the WebSocket clients share), the method and body, and {@code -v}. They only describe the
 * request; {@link dev.rtc.http.HttpSession} builds the client, so TLS is set up only for https URLs.
 */
public final class HttpOptions {
    /** -H, -u, --bearer, -k, --cacert, --cert, --key, --resolve, --proxy, --noproxy, --connect-timeout: shared with the WebSocket clients. */
    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-X", "--request"}, paramLabel = "METHOD",
            description = "Request method (default: GET, or POST with --data).")
    String method;

    @Option(names = {"-d", "--data"}, paramLabel = "TEXT|@FILE|@-",
            description = "Request body: the text, the contents of FILE, or stdin with @-. Content-Type "
                    + "defaults to application/json when the body starts with { or [, else text/plain.")
    String data;

    @Option(names = "--http2",
            description = "Speak HTTP/2: over https:// offer it in the TLS handshake (ALPN) and fall back to HTTP/1.1 if "
                    + "the server declines; over http:// speak it from the first byte (prior knowledge: the server must "
                    + "speak HTTP/2 in cleartext). Without --http2 or --http1.1, https:// offers HTTP/2 and HTTP/1.1 and "
                    + "http:// speaks HTTP/1.1.")
    boolean http2;

    @Option(names = "--http1.1", description = "Speak HTTP/1.1 only: no HTTP/2 offered in the TLS handshake either.")
    boolean http11;

    @Option(names = {"-v", "--verbose"},
            description = "Print request and response headers on stderr ('> ' and '< '; the status line names the HTTP "
                    + "version spoken, '< HTTP/2 200'), and stack traces of failures.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }

    /** -H, -u, --bearer, -k, --cacert, --proxy, --noproxy, --connect-timeout, for a WebSocket handshake too (rtc compare). */
    public ConnectionOptions connection() {
        return connection;
    }

    /** The client for {@code url}; a usage error (exit 2) for a malformed URL or another scheme than http(s). */
    public HttpSession open(String url, PrintWriter err, InputStream stdin) {
        ConnectionOptions c = connection;
        okhttp3.HttpUrl parsed = HttpSession.parseUrl(url);
        Proxies.Choice proxy = Proxies.choose(parsed.isHttps(), parsed.host(), c.proxy(), c.noproxy(), System.getenv());
        HttpClientSettings s = new HttpClientSettings(parsed, method, c.headers(), body(stdin), c.user(), c.bearer(),
                c.insecure(), c.cacert(), proxy == null ? null : proxy.url(), c.connectTimeout(), verbose ? err : null,
                version(), c.resolve(), c.identity(parsed.isHttps()));
        return HttpSession.open(s);
    }

    /** {@code --http2} or {@code --http1.1}; a usage error for both. */
    public HttpVersion version() {
        if (http2 && http11) throw new UsageException("--http2 and --http1.1 cannot be used together");
        return http2 ? HttpVersion.HTTP_2 : http11 ? HttpVersion.HTTP_1_1 : HttpVersion.DEFAULT;
    }

    /** The body bytes, read once (a file or stdin), so every request of a loop sends the same ones. */
    private byte[] body(InputStream stdin) {
        if (data == null) return null;
        if (!data.startsWith("@")) return data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String source = data.substring(1);
        try {
            if (source.equals("-")) {
                return stdin.readAllBytes();
            }
            return Files.readAllBytes(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new UsageException("--data: no such file " + source, e);
        } catch (IOException e) {
            throw new UsageException("--data: cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
