package dev.rtc.http;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * What the HTTP options asked for, already read: the body is bytes, the URL parsed.
 *
 * @param verbose where {@code > } and {@code < } header lines go; null when not asked
 */
public record HttpClientSettings(HttpUrl url, String method, List<String> headers, byte[] body, String user,
        String bearer, boolean insecure, Path cacert, String proxy, Duration connectTimeout, PrintWriter verbose) {

    /** A plain GET of {@code url} with rtc's defaults (10s connect timeout, no credentials), for use from code. */
    public static HttpClientSettings get(String url) {
        return new HttpClientSettings(HttpSession.parseUrl(url), null, List.of(), null, null, null, false, null, null,
                Duration.ofSeconds(10), null);
    }
}
