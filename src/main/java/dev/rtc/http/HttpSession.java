package dev.rtc.http;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import dev.rtc.client.Traffic;
import java.util.concurrent.TimeUnit;

/**
 * One run's HTTP client: an OkHttp client built once from the options, the request they describe, and
 * the call in flight so a stop condition or a signal can cancel it. TLS is initialised only when the URL
 * is https (it costs a few hundred milliseconds of start-up).
 */
public final class HttpSession implements AutoCloseable {
    private static final MediaType JSON = MediaType.parse("application/json");
    private static final MediaType TEXT = MediaType.parse("text/plain; charset=utf-8");

    private final HttpClientSettings settings;
    private final OkHttpClient client;
    private final Headers headers;
    private final String method;
    private final MediaType contentType;
    private final Traffic traffic;
    private volatile Call current;
    private volatile boolean closed;
    private volatile boolean answered; // a response came: the server speaks what we offered

    private HttpSession(HttpClientSettings settings, OkHttpClient client, Traffic traffic, Headers headers, String method,
            MediaType contentType) {
        this.settings = settings;
        this.client = client;
        this.traffic = traffic;
        this.headers = headers;
        this.method = method;
        this.contentType = contentType;
    }

    /**
     * An http or https URL; one without a scheme is taken as http, as curl does. Anything else is a usage
     * error (exit 2) that says what was expected.
     */
    public static HttpUrl parseUrl(String raw) {
        String text = Urls.withScheme(raw, "http");
        String scheme = Urls.scheme(text);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            String hint = scheme.startsWith("ws") ? " (for WebSocket use rtc ws)" : "";
            throw new UsageException("unsupported scheme " + scheme + ":// in " + raw + ": expected http:// or https://" + hint);
        }
        HttpUrl url = HttpUrl.parse(text);
        if (url == null || url.host().isEmpty()) {
            throw new UsageException("malformed URL: " + raw);
        }
        return url;
    }

    public static HttpSession open(HttpClientSettings s) {
        Headers.Builder headers = new Headers.Builder();
        MediaType contentType = null;
        for (Map.Entry<String, String> h : RequestHeaders.of(s.headers(), s.user(), s.bearer())) {
            try {
                if (h.getKey().equalsIgnoreCase("Content-Type") && MediaType.parse(h.getValue()) != null) {
                    contentType = MediaType.parse(h.getValue()); // the body's type, so OkHttp keeps it
                } else {
                    headers.add(h.getKey(), h.getValue());
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--header '" + h.getKey() + ": " + h.getValue() + "': " + e.getMessage());
            }
        }
        if (s.body() != null && contentType == null) contentType = guessType(s.body());
        String method = s.method() != null ? s.method().toUpperCase(Locale.ROOT) : s.body() != null ? "POST" : "GET";
        if (s.body() != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw new UsageException("a " + method + " request cannot carry --data; use -X POST (or leave -X out)");
        }
        Traffic traffic = new Traffic();
        return new HttpSession(s, client(s, new Wire(traffic)), traffic, headers.build(), method, contentType);
    }

    private static MediaType guessType(byte[] body) {
        for (byte b : body) {
            if (b == '{' || b == '[') return JSON;
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') break;
        }
        return TEXT;
    }

    private static OkHttpClient client(HttpClientSettings s, Wire wire) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(s.connectTimeout())
                .readTimeout(java.time.Duration.ZERO) // streams and long polls wait as long as they need
                .eventListener(wire)
                .addNetworkInterceptor(wire)
                .protocols(s.version().protocols(s.url().isHttps()))
                .dns(s.resolve().dns(s.url().port()));
        // OkHttp's own retry stays on: it replays a request silently only when a pooled keep-alive
        // connection turned out to be closed by the server, which is not a failure worth reporting.
        if (s.url().isHttps()) {
            tls(b, s);
        } else {
            // No TLS for a plain http URL: OkHttp would otherwise build an SSLContext up front.
            b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).followSslRedirects(false);
            if (!s.connectTimeout().isZero()) b.socketFactory(new HeadWatch(s.connectTimeout())); // 0: no limit, as OkHttp reads it
        }
        if (s.proxy() != null) proxy(b, s.proxy());
        if (s.verbose() != null) b.addNetworkInterceptor(new VerboseHeaders(s.verbose()));
        return b.build();
    }

    private static void tls(OkHttpClient.Builder b, HttpClientSettings s) {
        X509TrustManager trust = Tls.trustManager(s.insecure(), s.cacert());
        if (trust == null && s.identity() == null) return;
        if (trust == null) trust = Tls.systemTrust();
        if (s.insecure()) b.hostnameVerifier((host, session) -> true);
        b.sslSocketFactory(Tls.context(trust, s.identity()).getSocketFactory(), trust);
    }

    private static void proxy(OkHttpClient.Builder b, String spec) {
        URI uri = proxyUri(spec);
        Proxy proxy = proxy(uri, spec);
        b.proxy(proxy);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && proxy.type() == Proxy.Type.HTTP) {
            String credentials = "Basic " + Base64.getEncoder().encodeToString(
                    java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
            b.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null
                    ? null
                    : response.request().newBuilder().header("Proxy-Authorization", credentials).build());
        }
    }

    /**
     * {@code --proxy http://HOST:PORT} or {@code socks5://HOST:PORT} as a {@link Proxy}; a usage error
     * (exit 2) when malformed. Credentials in the URL are the caller's business ({@link #proxyUri}).
     */
    public static Proxy proxy(String spec) {
        return proxy(proxyUri(spec), spec);
    }

    /** The {@code --proxy} URL, {@code http://} when it has no scheme. */
    public static URI proxyUri(String spec) {
        try {
            return new URI(Urls.withScheme(spec, "http"));
        } catch (URISyntaxException e) {
            throw new UsageException("--proxy: malformed URL " + spec);
        }
    }

    private static Proxy proxy(URI uri, String spec) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Proxy.Type type = switch (scheme) {
            case "http" -> Proxy.Type.HTTP;
            case "socks5", "socks" -> Proxy.Type.SOCKS;
            default -> throw new UsageException("--proxy: unsupported scheme " + scheme + "://; expected http:// or socks5://");
        };
        if (uri.getHost() == null) throw new UsageException("--proxy: malformed URL " + spec);
        int port = uri.getPort() > 0 ? uri.getPort() : 1080;
        return new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    public HttpUrl url() {
        return settings.url();
    }

    /** The request the options describe, for {@code url} (the option's URL with a cursor, say). */
    public Request.Builder request(HttpUrl url) {
        byte[] body = settings.body();
        RequestBody requestBody = body != null ? RequestBody.create(body, contentType)
                : requiresBody(method) ? RequestBody.create(new byte[0], null) : null;
        return new Request.Builder().url(url).headers(headers).method(method, requestBody);
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("PROPPATCH")
                || method.equals("REPORT");
    }

    /** Runs one request; {@link #close} cancels it from another thread. */
    public Response execute(Request request) throws IOException {
        if (closed) throw new InterruptedIOException("closed");
        Call call = client.newCall(request);
        current = call;
        if (closed) call.cancel();
        try {
            Response response = call.execute();
            answered = true;
            return response;
        } catch (IOException e) {
            if (!answered && !closed && settings.version().priorKnowledge(settings.url().isHttps()) && notHttp2(e)) {
                throw new NotHttp2(settings.url(), e);
            }
            throw e;
        }
    }

    /**
     * Whether a request with HTTP/2 prior knowledge failed the way it does against a server that speaks only
     * HTTP/1.x: the connection was made, then the answer was no HTTP/2 at all. Depending on the server and the
     * timing OkHttp sees its HTTP/1.1 status line as a frame too large, a connection shut down, a broken pipe
     * or a reset; a server that speaks HTTP/2 and refuses the stream resets the stream instead.
     */
    private boolean notHttp2(IOException e) {
        return Failures.unreachable(e, settings.url().host(), settings.url().port()) == null
                && !(e instanceof SocketTimeoutException)
                && !(e instanceof okhttp3.internal.http2.StreamResetException);
    }

    /** {@code --http2} over http:// to a server that does not speak HTTP/2 in cleartext. */
    public static final class NotHttp2 extends IOException {
        private static final long serialVersionUID = 1L;

        NotHttp2(HttpUrl url, IOException cause) {
            super(url.scheme() + "://" + Failures.where(url.host(), url.port())
                    + " does not speak HTTP/2 (prior knowledge): try without --http2", cause);
        }
    }

    /**
     * Runs one request and reads the whole body, at most {@code maxBody} bytes of it as decoded (so a
     * small gzip body that expands to gigabytes is cut off as it expands); more is {@link BodyTooLarge}.
     */
    public Fetched fetch(Request request, long maxBody) throws IOException {
        long start = System.nanoTime();
        long before = traffic.bytesReceived();
        try (Response r = execute(request)) {
            BufferedSource source = r.body().source();
            if (maxBody < Long.MAX_VALUE && source.request(maxBody + 1)) throw new BodyTooLarge(maxBody, request.url());
            byte[] body = source.readByteArray();
            return new Fetched(r.code(), r.message(), r.headers(), body, (System.nanoTime() - start) / 1e6,
                    traffic.bytesReceived() - before);
        }
    }

    /** A response body over the limit a client set (its {@code --max-message-size}). */
    public static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(long limit, HttpUrl url) {
            super("a response body larger than --max-message-size (" + limit + " bytes) from " + url);
        }
    }

    /**
     * {@link HttpError#describe} for a response whose status is an error: reads at most
     * {@link HttpError#MAX_BODY} bytes of its body, for no longer than {@code --connect-timeout}.
     */
    public String error(Response response) {
        BufferedSource source = response.body().source();
        long limit = settings.connectTimeout().toMillis();
        if (limit > 0) source.timeout().deadline(limit, TimeUnit.MILLISECONDS);
        try {
            source.request(HttpError.MAX_BODY);
        } catch (IOException e) {
            // what arrived in time is all the reason there is
        }
        Buffer buffer = source.getBuffer();
        byte[] head = buffer.snapshot((int) Math.min(buffer.size(), HttpError.MAX_BODY)).toByteArray();
        return HttpError.describe(response.code(), response.message(), response.header("Content-Type"), head,
                head.length, response.request().url());
    }

    /** What this session's requests have cost so far: requests, connections, bytes each way. */
    public Traffic traffic() {
        return traffic;
    }

    public boolean closed() {
        return closed;
    }

    /** Cancels the request in flight and releases the client's connections and threads. */
    @Override
    public void close() {
        closed = true;
        Call call = current;
        if (call != null) call.cancel();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** One line naming the host and what went wrong, for a failed request to {@code url}. */
    public static String describe(IOException e, HttpUrl url) {
        if (e instanceof NotHttp2) return e.getMessage();
        String unreachable = Failures.unreachable(e, url.host(), url.port());
        if (unreachable != null) return unreachable;
        String where = Failures.where(url.host(), url.port());
        if (e instanceof HeadWatch.StalledHead) return where + ": " + e.getMessage();
        if (e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
            return "cannot connect to " + where + ": timed out";
        }
        return where + ": " + Failures.lower(e.getMessage(), e.getClass().getSimpleName());
    }

}
