package dev.rtc.http;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import okhttp3.HttpUrl;

/**
 * What the HTTP options asked for, already read: the body is bytes, the URL parsed.
 *
 * @param verbose  where {@code > } and {@code < } header lines go; null when not asked
 * @param version  the HTTP version to offer ({@code --http2}, {@code --http1.1})
 * @param resolve  {@code --resolve}'s addresses
 * @param identity the client certificate and key to show a server that asks ({@code --cert}, {@code --key}), or null
 */
public record HttpClientSettings(HttpUrl url, String method, List<String> headers, byte[] body, String user,
        String bearer, boolean insecure, Path cacert, String proxy, Duration connectTimeout, PrintWriter verbose,
        HttpVersion version, Resolve resolve, X509KeyManager identity) {

    /** A plain GET of {@code url} with rtc's defaults (10s connect timeout, no credentials), for use from code. */
    public static HttpClientSettings get(String url) {
        return new HttpClientSettings(HttpSession.parseUrl(url), null, List.of(), null, null, null, false, null, null,
                Duration.ofSeconds(10), null, HttpVersion.DEFAULT, Resolve.NONE, null);
    }

    /** The same settings offering another HTTP version. */
    public HttpClientSettings withVersion(HttpVersion version) {
        return new HttpClientSettings(url, method, headers, body, user, bearer, insecure, cacert, proxy, connectTimeout,
                verbose, version, resolve, identity);
    }
}
