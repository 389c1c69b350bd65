package dev.rtc.serve;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/** {@code --cors ORIGIN|*}: the headers every response carries so browsers on that origin may read it. */
@Sharable
final class CorsHeaders extends ChannelOutboundHandlerAdapter {
    static final String ALLOW_METHODS = "GET, POST, OPTIONS";
    static final String ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID, If-None-Match";
    static final String EXPOSE_HEADERS = "ETag, X-Rtc-Missed";

    private final String origin;

    CorsHeaders(String origin) {
        this.origin = origin;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse r) {
            HttpHeaders h = r.headers();
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
            if (!"*".equals(origin)) h.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        super.write(ctx, msg, promise);
    }
}
