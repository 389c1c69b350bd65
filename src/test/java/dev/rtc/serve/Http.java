package dev.rtc.serve;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The JDK's HttpClient against one test server, over HTTP/1.1, closed with the test. */
public final class Http implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final String base;
    final HttpClient client;

    Http(Server server) {
        this.base = server.url();
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = request(path).GET();
        if (headers.length > 0) r.headers(headers);
        return send(r.build());
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<String> post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) r.headers(headers);
        return send(r.build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Opens a streaming GET whose lines the recorder collects; returns once the request is sent. */
    StreamRecorder stream(String path, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (headers.length > 0) r.headers(headers);
        StreamRecorder recorder = new StreamRecorder(path);
        client.sendAsync(r.build(), recorder).whenComplete(recorder::ended);
        return recorder;
    }

    /** Connects a WebSocket to {@code path} and returns once it is open. */
    WsRecorder ws(String path) throws Exception {
        WsRecorder recorder = new WsRecorder(path);
        CompletableFuture<WebSocket> open = client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + path), recorder);
        recorder.socket = open.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return recorder;
    }

    /**
     * Stops the client and its connections, streams included. {@code shutdownNow} exists from Java 21; the
     * tests compile for 17 like the product, so it is looked up rather than called.
     */
    @Override
    public void close() throws Exception {
        try {
            Method now = HttpClient.class.getMethod("shutdownNow");
            Method await = HttpClient.class.getMethod("awaitTermination", Duration.class);
            now.invoke(client);
            await.invoke(client, TIMEOUT);
        } catch (NoSuchMethodException onJava17) {
            // The client's threads end when it is collected.
        }
    }
}
