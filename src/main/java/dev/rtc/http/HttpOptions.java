package dev.rtc.http;

import dev.rtc.cli.Durations;
import dev.rtc.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The HTTP request options of SPEC.md, shared by poll, longpoll, stream and sse. They only describe the
 * request; {@link dev.rtc.http.HttpSession} builds the client, so TLS is set up only for https URLs.
 */
public final class HttpOptions {
    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Add a request header (repeatable); it replaces rtc's own User-Agent or Accept-Encoding.")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-X", "--request"}, paramLabel = "METHOD",
            description = "Request method (default: GET, or POST with --data).")
    String method;

    @Option(names = {"-d", "--data"}, paramLabel = "TEXT|@FILE|@-",
            description = "Request body: the text, the contents of FILE, or stdin with @-. Content-Type "
                    + "defaults to application/json when the body starts with { or [, else text/plain.")
    String data;

    @Option(names = {"-u", "--user"}, paramLabel = "USER:PASSWORD", description = "HTTP Basic authentication.")
    String user;

    @Option(names = "--bearer", paramLabel = "TOKEN", description = "Send 'Authorization: Bearer TOKEN'.")
    String bearer;

    @Option(names = {"-k", "--insecure"}, description = "Accept any TLS certificate and host name.")
    boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trust the PEM certificates in FILE (instead of the system's).")
    Path cacert;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "Go through this proxy: http://[USER:PASSWORD@]HOST:PORT or socks5://HOST:PORT.")
    String proxy;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Give up connecting after DURATION (default: ${DEFAULT-VALUE}); over plain HTTP also a "
                    + "response whose headers do not complete within DURATION of their first byte.", defaultValue = "10s")
    Duration connectTimeout;

    @Option(names = {"-v", "--verbose"},
            description = "Print request and response headers on stderr ('> ' and '< '), and stack traces of failures.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }

    /** The client for {@code url}; a usage error (exit 2) for a malformed URL or another scheme than http(s). */
    public HttpSession open(String url, PrintWriter err, InputStream stdin) {
        if (cacert != null && !Files.isReadable(cacert)) {
            throw new UsageException("--cacert: cannot read " + cacert);
        }
        HttpClientSettings s = new HttpClientSettings(HttpSession.parseUrl(url), method, List.copyOf(headers), body(stdin),
                user, bearer, insecure, cacert, proxy, connectTimeout, verbose ? err : null);
        return HttpSession.open(s);
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
