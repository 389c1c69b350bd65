package dev.rtc.serve;

import dev.rtc.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /sse/{topic}?since=ID}: Server-Sent Events. {@code retry:} first, then one event per message
 * with its id, so that EventSource resumes with {@code Last-Event-ID} (which wins over {@code since}).
 * Missed messages are announced by an {@code rtc-gap} event; binary messages travel as base64 in a
 * {@code binary} event; a comment every {@code --heartbeat} keeps proxies from closing the stream.
 */
final class SseRoute {
    /** What a reconnecting EventSource waits, in milliseconds. */
    static final int RETRY_MS = 2000;
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseRoute() {}

    static void handle(Exchange ex) {
        String name = ex.topicSegment(1);
        String[] resume = lastEventId(ex);
        Long since = resume == null ? ex.idParam("since") : Long.valueOf(resume[0]);
        String epoch = resume != null && resume[1] != null ? resume[1] : ex.param("epoch");
        Sse sse = new Sse(ex, name);
        sse.join(since, epoch, backlog -> open(ex, sse, backlog, since));
    }

    private static void open(Exchange ex, Sse sse, Topic.Backlog backlog, Long requestedSince) {
        Long since = backlog.reset() ? Long.valueOf(0) : requestedSince;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("X-Accel-Buffering", "no");
        PollRoute.missedHeader(head, backlog);
        ex.ctx.write(head);
        StringBuilder first = new StringBuilder("retry: ").append(RETRY_MS).append("\n\n");
        if (backlog.missed() > 0) {
            Json gap = Json.object().put("missed", backlog.missed()).put("since", since).put("resumed_after", since + backlog.missed());
            if (backlog.epoch() != null) gap.put("epoch", backlog.epoch());
            first.append("event: rtc-gap\ndata: ").append(gap).append("\n\n");
        }
        ex.ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(first, StandardCharsets.UTF_8)));
        ex.log(200, "sse open");
        sse.send(backlog);
        long every = ex.server.config.heartbeat().toMillis();
        if (every > 0) {
            ScheduledFuture<?> beat = ex.ctx.channel().eventLoop().scheduleAtFixedRate(() -> {
                if (ex.ctx.channel().isWritable()) {
                    ex.ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(HEARTBEAT)), ex.ctx.voidPromise());
                }
            }, every, every, TimeUnit.MILLISECONDS);
            ex.ctx.channel().closeFuture().addListener(f -> beat.cancel(false));
        }
    }

    /**
     * {@code Last-Event-ID} when it is an id of ours ({@code ID}, or {@code ID:EPOCH} with --redis): the id
     * and the epoch (or null); anything else is ignored, not an error.
     */
    private static String[] lastEventId(Exchange ex) {
        String v = ex.header("Last-Event-ID");
        if (v == null) return null;
        v = v.trim();
        int colon = v.indexOf(':');
        String epoch = colon < 0 ? null : v.substring(colon + 1);
        try {
            long id = Long.parseLong(colon < 0 ? v : v.substring(0, colon));
            return id >= 0 ? new String[] {Long.toString(id), epoch == null || epoch.isEmpty() ? null : epoch} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One event in SSE syntax; data split into one {@code data:} line per line. */
    static byte[] event(Message m) {
        StringBuilder sb = new StringBuilder(m.data.length + 32).append("id: ").append(m.id);
        if (m.epoch != null) sb.append(':').append(m.epoch);
        sb.append('\n');
        String data = m.text();
        if (data == null) {
            sb.append("event: binary\n");
            data = Base64.getEncoder().encodeToString(m.data);
        }
        int start = 0;
        for (int i = 0, n = data.length(); i <= n; i++) {
            char c = i < n ? data.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                sb.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class Sse extends Subscription {
        Sse(Exchange ex, String name) {
            super(ex, name, Technique.SSE);
        }

        @Override
        List<?> encode(Batch batch) {
            return List.of(new DefaultHttpContent(Unpooled.wrappedBuffer(batch.sseEvents())));
        }

        @Override
        void drain() {
            ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
