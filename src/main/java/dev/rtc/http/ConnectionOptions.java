package dev.rtc.http;

import dev.rtc.cli.Durations;
import dev.rtc.cli.UsageException;
import dev.rtc.tls.KeyMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import picocli.CommandLine.Option;

/**
 * How to reach a server and be let in, for every client that speaks HTTP first: request headers and
 * authentication, TLS trust and a client certificate, {@code --resolve}, a proxy, the connect timeout. The HTTP clients take them in {@link HttpOptions}
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

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Present this client certificate to a TLS server that asks for one (PEM: the certificate, then "
                    + "any intermediate certificates; the private key too, unless --key gives it), as curl does.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE",
            description = "The private key of --cert (PEM: PKCS#8, or the traditional RSA or EC form; not encrypted).")
    Path key;

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

    /**
     * {@code --cert} and {@code --key} as a key manager for a TLS connection ({@code tls}), or null when not given.
     * {@code --key} without {@code --cert}, or a {@code --cert} file without a private key and no {@code --key}, is
     * a usage error; a file that cannot be read, a key that is not the certificate's, an expired certificate are
     * one line naming the file (exit 1). Over a plain connection the files are not read (nor TLS set up).
     */
    public X509KeyManager identity(boolean tls) {
        if (cert == null && key == null) return null;
        if (cert == null) throw new UsageException("--key needs --cert FILE (the certificate of that key)");
        if (key == null && !mayHoldKey(cert)) {
            throw new UsageException("--cert " + cert + " holds no private key: give it with --key FILE");
        }
        return tls ? KeyMaterial.load(cert, key != null ? key : cert).keyManager() : null;
    }

    /** Whether a PEM file may hold a private key beside its certificates; a file that cannot be read is the loader's to report. */
    private static boolean mayHoldKey(Path file) {
        try {
            return Files.size(file) > 4 << 20 || Files.readString(file, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----");
        } catch (IOException e) {
            return true;
        }
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
