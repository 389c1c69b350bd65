package dev.rtc.http;

import dev.rtc.cli.Durations;
import dev.rtc.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How to reach a server and be let in, for every client that speaks HTTP first: request headers and
 * authentication, TLS trust, {@code --resolve}, a proxy, the connect timeout. The HTTP clients take them in {@link HttpOptions}
 * (with the method and body), {@code rtc ws} and {@code rtc peer}'s signalling in the WebSocket handshake.
 */
public final class ConnectionOptions {
    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Add a request header (repeatable; a WebSocket sends it on the handshake); it replaces rtc's own "
                    + "User-Agent or Accept-Encoding.")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER:PASSWORD", description = "HTTP Basic authentication.")
    String user;

    @Option(names = "--bearer", paramLabel = "TOKEN", description = "Send 'Authorization: Bearer TOKEN'.")
    String bearer;

    @Option(names = {"-k", "--insecure"}, description = "Accept any TLS certificate and host name.")
    boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trust the PEM certificates in FILE (instead of the system's).")
    Path cacert;

    @Option(names = "--resolve", paramLabel = "HOST:PORT:ADDRESS",
            description = "Connect to ADDRESS (an IP address; several comma-separated) whenever HOST on PORT is asked for, "
                    + "without DNS, as curl does; the Host header, TLS's server name and the certificate check still use "
                    + "HOST. Repeatable.")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--proxy", paramLabel = "URL",
            description = "Go through this proxy: http://[USER:PASSWORD@]HOST:PORT or socks5://HOST:PORT (default: "
                    + "HTTP_PROXY, HTTPS_PROXY, NO_PROXY as curl reads them).")
    String proxy;

    @Option(names = "--noproxy", paramLabel = "HOSTS",
            description = "Connect directly to these hosts (comma-separated; a name also matches its subdomains; * for all), as NO_PROXY.")
    String noproxy;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Give up connecting (TCP, TLS, and a WebSocket's handshake) after DURATION (default: ${DEFAULT-VALUE}); "
                    + "over plain HTTP also a response whose headers do not complete within DURATION of their first byte.",
            defaultValue = "10s")
    Duration connectTimeout;

    public List<String> headers() {
        return List.copyOf(headers);
    }

    public String user() {
        return user;
    }

    public String bearer() {
        return bearer;
    }

    /** Whether -k was given (rtc peer applies it to turns: and stuns: servers too). */
    public boolean insecure() {
        return insecure;
    }

    /** The {@code --cacert} file, checked readable (a usage error otherwise), or null. */
    public Path cacert() {
        if (cacert != null && !Files.isReadable(cacert)) {
            throw new UsageException("--cacert: cannot read " + cacert);
        }
        return cacert;
    }

    /** {@code --resolve}, checked (a usage error for a malformed one). */
    public Resolve resolve() {
        return Resolve.parse(resolve);
    }

    /** {@code --proxy} as given, or null. */
    public String proxy() {
        return proxy;
    }

    /** {@code --noproxy} as given, or null. */
    public String noproxy() {
        return noproxy;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }
}
