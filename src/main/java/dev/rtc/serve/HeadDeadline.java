package dev.rtc.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import dev.rtc.cli.Durations;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code --header-timeout}: a request head must be whole within it of its first byte, and a body must not
 * pause longer than it, else 408 and the connection closed. The idle timeout alone restarts on every byte,
 * so a client sending one header byte a second would hold its connection for hours. Sits behind the HTTP
 * decoder, with {@link #firstByte()} in front of it to see the first byte of each request arrive. On an
 * HTTP/2 stream only the body's part applies (the codec hands over whole heads), and the 408 ends that stream.
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {
    private final ServerState state;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    private boolean inHead;
    private boolean inBody;
    private HttpRequest current;
    /** This handler's own context, behind the decoder: what the 408 is written from, through the encoder. */
    private ChannelHandlerContext self;

    HeadDeadline(ServerState state) {
        this.state = state;
        this.timeoutNanos = state.config.limits().headerTimeout().toNanos();
    }

    /** The handler in front of the decoder: bytes arriving between requests start the head's clock. */
    ChannelInboundHandler firstByte() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b && b.isReadable() && !inHead && !inBody) {
                    inHead = true;
                    arm("request head not complete within ");
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            inHead = false;
            current = req;
            cancel();
            inBody = !(msg instanceof LastHttpContent);
            if (inBody) arm("request body stalled for ");
        } else if (msg instanceof HttpContent && inBody) {
            cancel();
            inBody = !(msg instanceof LastHttpContent);
            if (inBody) arm("request body stalled for ");
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        self = ctx;
    }

    private void arm(String what) {
        cancel();
        timer = self.executor().schedule(() -> expire(self, what), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx, String what) {
        timer = null;
        if (!ctx.channel().isActive()) return;
        state.metrics.refused(Metrics.Refusal.HEADER_TIMEOUT);
        String message = what + Durations.format(Duration.ofNanos(timeoutNanos)) + " (--header-timeout)";
        InOrder order = ctx.pipeline().get(InOrder.class);
        String method = inBody && current != null ? current.method().name() : "-";
        String uri = inBody && current != null ? current.uri() : "-";
        inHead = inBody = false;
        if (order != null && order.responding()) {
            // A response is on its way out: a 408 now would land inside it.
            ctx.close();
        } else {
            FullHttpResponse r = Exchange.errorResponse(HttpResponseStatus.REQUEST_TIMEOUT, message);
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(Exchange.END);
        }
        state.log.line(ctx.channel().remoteAddress(), method, uri, 408, message);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }
}
