package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * An HTTP/2 connection's own housekeeping, behind its streams: the idle timeout stays in the pipeline only
 * while no stream is open (a held stream may rightly be silent, as a held HTTP/1.1 connection may), streams
 * are counted for {@code /metrics}, and a drain starts with a GOAWAY. An error on the connection itself
 * closes it, never the server.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {
    private final ServerState state;
    private final Http2FrameCodec codec;

    Http2Connection(ServerState state, Http2FrameCodec codec) {
        this.state = state;
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        Metrics metrics = state.metrics;
        ch.attr(ServerState.GO_AWAY).set(() -> ch.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)));
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                metrics.h2StreamsOpen.increment();
                metrics.h2StreamsTotal.increment();
                if (ch.pipeline().get(ServeInitializer.IDLE) != null) ch.pipeline().remove(ServeInitializer.IDLE);
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                metrics.h2StreamsOpen.decrement();
                if (ch.isActive() && codec.connection().numActiveStreams() == 0 && ch.pipeline().get(ServeInitializer.IDLE) == null) {
                    ch.pipeline().addAfter(ServeInitializer.TRAFFIC, ServeInitializer.IDLE, ServeInitializer.idleTimeout());
                }
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // No stream open for the idle time: the codec's close says GOAWAY first.
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A protocol error is the codec's to answer (GOAWAY with its code, then close): closing here first
        // would send a GOAWAY without error. A reset socket, say, ends here.
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) ctx.close();
    }
}
