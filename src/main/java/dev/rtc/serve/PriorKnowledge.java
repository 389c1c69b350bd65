package dev.rtc.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 with prior knowledge beside HTTP/1.1 on one cleartext port: a connection whose first bytes are
 * the HTTP/2 client preface ({@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}) becomes HTTP/2, any other becomes
 * HTTP/1.1 at its first byte that differs (an HTTP/1.1 request differs at its first). The bytes read so far
 * go on to the chosen pipeline. A preface left unfinished past {@code --header-timeout} closes the connection.
 */
final class PriorKnowledge extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final ServeInitializer initializer;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;

    PriorKnowledge(ServeInitializer initializer, Duration timeout) {
        this.initializer = initializer;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        boolean preface = in.slice(in.readerIndex(), n).equals(PREFACE.slice(PREFACE.readerIndex(), n));
        if (!preface) {
            decide(ctx, false);
        } else if (n == PREFACE.readableBytes()) {
            decide(ctx, true);
        } else if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                ctx.close();
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void decide(ChannelHandlerContext ctx, boolean http2) {
        if (timer != null) timer.cancel(false);
        if (http2) initializer.http2(ctx.pipeline()); else initializer.http1(ctx.pipeline());
        // What was read so far goes on to the handlers just added behind this one.
        ctx.pipeline().remove(this);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timer != null) timer.cancel(false);
    }
}
