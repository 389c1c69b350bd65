package dev.rtc.serve;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** A client of {@code rtc ws -l} (any path): its messages go to the owner, and back (echo) or to the others (broadcast). */
final class ListenSession extends WebSocketSession {
    private final Listening listening;
    private final String client;

    private ListenSession(Exchange ex, Listening listening) {
        super(ex);
        this.listening = listening;
        this.client = AccessLog.address(ex.ctx.channel().remoteAddress());
    }

    static void upgrade(Exchange ex) {
        upgrade(ex, new ListenSession(ex, ex.server.listening), "*", null);
    }

    @Override
    String kind() {
        return "ws";
    }

    @Override
    void joining() {
        listening.clients.add(ch);
        listening.events.joined(client, listening.clients.size());
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
        listening.events.message(client, ByteBufUtil.getBytes(frame.content()), frame instanceof TextWebSocketFrame);
        if (listening.mode == Listening.Mode.ECHO) {
            ctx.write(frame, ctx.voidPromise());
            return;
        }
        try {
            for (Channel other : listening.clients) {
                if (other != ch) other.writeAndFlush(frame.retainedDuplicate(), other.voidPromise());
            }
        } finally {
            frame.release();
        }
    }

    @Override
    void closed() {
        if (listening.clients.remove(ch)) listening.events.left(client, listening.clients.size());
    }
}
