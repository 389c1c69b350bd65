package dev.rtc.serve;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /}: the routes, as plain text for curl and as a page with a live demo for a browser. */
final class IndexRoute {
    static final String TEXT = """
            rtc serve: one port, every real-time technique, one topic space.

              POST /publish/{topic}                       publish the body; 201 {"topic","id","subscribers"}
              GET  /poll/{topic}?since=ID&limit=N         messages after since (latest without); ETag = last id
              GET  /longpoll/{topic}?since=ID&timeout=30s  waits for a message after since; 204 on timeout
              GET  /stream/{topic}?since=ID&format=text|ndjson   chunked, one line per message, never ends
              GET  /sse/{topic}?since=ID                  Server-Sent Events; resumes with Last-Event-ID
              GET  /ws/{topic}?since=ID                   WebSocket: messages out, frames in are published
              GET  /echo                                  WebSocket echo (POST /echo returns the body)
              GET  /signal/{room}                         WebSocket relay for WebRTC signalling
              GET  /topics                                topics with last id, retained count, subscribers
              GET  /healthz  /metrics                     ok; Prometheus text format

            Topics: 1 to 128 of A-Z a-z 0-9 . _ ~ -
            A since older than the history resumes from the oldest retained message and says how many
            were missed: header X-Rtc-Missed, "missed" in poll bodies, an rtc-gap event on SSE.

            Try:  curl -N http://HOST/sse/news   and   curl -d hello http://HOST/publish/news
            """;

    private static volatile byte[] html;

    private IndexRoute() {}

    static void handle(Exchange ex) {
        if (ex.segments.size() > 1 || (ex.segments.size() == 1 && !ex.segments.get(0).isEmpty())) {
            ex.error(HttpResponseStatus.NOT_FOUND, "no route for " + ex.path + " (GET / lists the routes)");
            return;
        }
        String host = ex.header(HttpHeaderNames.HOST) == null ? "127.0.0.1" : ex.header(HttpHeaderNames.HOST);
        String accept = ex.header(HttpHeaderNames.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            ex.respond(HttpResponseStatus.OK, "text/html; charset=utf-8", html());
        } else {
            ex.text(HttpResponseStatus.OK, TEXT.replace("HOST", host));
        }
    }

    private static byte[] html() {
        byte[] page = html;
        if (page == null) {
            try (InputStream in = IndexRoute.class.getResourceAsStream("index.html")) {
                page = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            html = page;
        }
        return page;
    }
}
