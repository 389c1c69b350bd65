package dev.rtc.serve;

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
import java.util.List;

/**
 * {@code GET /stream/{topic}?since=ID&format=text|ndjson}: one chunked response that never ends by
 * itself, one line per message: its data ({@code text}) or its JSON object ({@code ndjson}).
 */
final class StreamRoute {
    private StreamRoute() {}

    static void handle(Exchange ex) {
        String name = ex.topicSegment(1);
        Long since = ex.idParam("since");
        String format = ex.param("format") == null ? "text" : ex.param("format");
        boolean ndjson = switch (format) {
            case "text" -> false;
            case "ndjson" -> true;
            default -> throw new Exchange.BadRequest("format must be text or ndjson, got '" + format + "'");
        };
        Stream stream = new Stream(ex, name, ndjson);
        stream.join(since, ex.param("epoch"), backlog -> open(ex, stream, backlog, ndjson));
    }

    private static void open(Exchange ex, Stream stream, Topic.Backlog backlog, boolean ndjson) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, ndjson ? "application/x-ndjson" : "text/plain; charset=utf-8")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("X-Content-Type-Options", "nosniff");
        PollRoute.missedHeader(head, backlog);
        ex.ctx.write(head);
        ex.log(200, "stream open");
        stream.send(backlog);
    }

    private static final class Stream extends Subscription {
        private final boolean ndjson;

        Stream(Exchange ex, String name, boolean ndjson) {
            super(ex, name, Technique.STREAM);
            this.ndjson = ndjson;
        }

        @Override
        List<?> encode(Batch batch) {
            return List.of(new DefaultHttpContent(Unpooled.wrappedBuffer(ndjson ? batch.jsonLines() : batch.textLines())));
        }

        @Override
        void drain() {
            ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
