package dev.rtc.serve;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** A WebSocket on any path of a server started with a {@link WebSocketHandler}: the handler decides what it does. */
final class HandlerSession extends WebSocketSession implements WebSocketHandler.Peer {
    private final WebSocketHandler handler;
    private final String address;

    private HandlerSession(Exchange ex, WebSocketHandler handler) {
        super(ex);
        this.handler = handler;
        this.address = AccessLog.address(ex.ctx.channel().remoteAddress());
    }

    static void upgrade(Exchange ex) {
        upgrade(ex, new HandlerSession(ex, ex.server.handler), "*", null);
    }

    @Override
    String kind() {
        return "ws";
    }

    @Override
    void joining() {
        handler.opened(this);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            handler.message(this, ByteBufUtil.getBytes(frame.content()), frame instanceof TextWebSocketFrame);
        } finally {
            frame.release();
        }
    }

    @Override
    void closed() {
        handler.closed(this);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void send(byte[] data, boolean text) {
        WebSocketFrame frame = text ? new TextWebSocketFrame(Unpooled.wrappedBuffer(data)) : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data));
        ch.writeAndFlush(frame, ch.voidPromise());
    }

    @Override
    public void close(int code, String reason) {
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason), ch.voidPromise());
    }
}
