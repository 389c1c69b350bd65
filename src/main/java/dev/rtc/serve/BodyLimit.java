package dev.rtc.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.net.SocketAddress;

/**
 * Aggregates request bodies up to {@code --max-message-size}; past it, a JSON 413 and the connection closed,
 * also when the client announced the body with {@code Expect: 100-continue} (as curl does for large ones).
 */
final class BodyLimit extends HttpObjectAggregator {
    private final int max;
    private final AccessLog log;
    private final Metrics metrics;

    BodyLimit(int max, AccessLog log, Metrics metrics) {
        // Close after refusing an expectation: the client may send the body anyway, and nobody reads it.
        super(max, true);
        this.max = max;
        this.log = log;
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(tooLarge(ctx.channel().remoteAddress(), oversized)).addListener(Exchange.END);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        // Netty's own answer here is a bare 413 without our JSON error or an access-log line.
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
            start.headers().remove(HttpHeaderNames.EXPECT);
            return tooLarge(pipeline.channel().remoteAddress(), start);
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    private FullHttpResponse tooLarge(SocketAddress remote, HttpMessage oversized) {
        metrics.refused(Metrics.Refusal.TOO_LARGE);
        FullHttpResponse r = Exchange.errorResponse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "message larger than --max-message-size (" + max + " bytes)");
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (oversized instanceof HttpRequest req) {
            log.line(remote, req.method().name(), req.uri(), 413, "body over " + max + "B");
        }
        return r;
    }
}
