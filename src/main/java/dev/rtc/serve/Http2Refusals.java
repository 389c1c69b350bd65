package dev.rtc.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.logging.LogLevel;

/**
 * Counts what Netty's HTTP/2 codec refuses on its own, for {@code rtc_refused_total}: a stream past
 * SETTINGS_MAX_CONCURRENT_STREAMS (RST_STREAM REFUSED_STREAM) and a connection that broke the protocol
 * (GOAWAY with an error). The codec's frame logger is the one place it tells of the frames it writes;
 * nothing is logged.
 */
final class Http2Refusals extends Http2FrameLogger {
    private final Metrics metrics;

    Http2Refusals(Metrics metrics) {
        super(LogLevel.TRACE, Http2Refusals.class);
        this.metrics = metrics;
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.OUTBOUND && errorCode == Http2Error.REFUSED_STREAM.code()) {
            metrics.refused(Metrics.Refusal.MAX_STREAMS);
        }
    }

    @Override
    public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode,
            io.netty.buffer.ByteBuf debugData) {
        if (direction == Direction.OUTBOUND && errorCode != Http2Error.NO_ERROR.code()) {
            metrics.refused(Metrics.Refusal.MALFORMED);
        }
    }
}
