package dev.rtc.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** {@code GET /echo}: every message comes back as it was sent, text or binary. Offers any subprotocol asked for. */
final class EchoSession extends WebSocketSession {
    private EchoSession(Exchange ex) {
        super(ex);
    }

    static void upgrade(Exchange ex) {
        upgrade(ex, new EchoSession(ex), "*", null);
    }

    @Override
    String kind() {
        return "echo";
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
        // Flushed once per read batch in channelReadComplete: pipelined messages share syscalls.
        ctx.write(frame, ctx.voidPromise());
    }
}
