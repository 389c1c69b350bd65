package dev.rtc.serve;

import dev.rtc.output.Payloads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What every WebSocket route shares: the upgrade, close handshake, pings every {@code --heartbeat} (a
 * peer silent for two intervals is closed), 1009 for messages over {@code --max-message-size}, 1002 for
 * protocol errors (sent by Netty's decoder, or here: reserved bits no extension uses, a close code a peer
 * may not send, which is not echoed), 1007 for text that is not UTF-8, 1001 on drain, and writes flushed
 * once per read batch.
 */
abstract class WebSocketSession extends ChannelInboundHandlerAdapter {
    static final String SERVER_GOING_AWAY = "server shutting down";

    final Exchange ex;
    final Channel ch;
    private final long openedNanos = System.nanoTime();
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> heartbeat;
    long received;

    WebSocketSession(Exchange ex) {
        this.ex = ex;
        this.ch = ex.ctx.channel();
    }

    /**
     * Answers the upgrade on {@code ex}, installs {@code session} behind the router and calls
     * {@link #joining} just before the 101 is written and {@link #opened} just after, both on this
     * channel's loop in the same task. Not an upgrade request: 426.
     */
    static void upgrade(Exchange ex, WebSocketSession session, String subprotocols, HttpHeaders extraHeaders) {
        if (ex.http2()) {
            // No RFC 8441 extended CONNECT here: a WebSocket needs a connection of its own.
            ex.error(HttpResponseStatus.UPGRADE_REQUIRED, ex.path + " is a WebSocket endpoint, and WebSocket needs HTTP/1.1:"
                    + " connect with ws:// over HTTP/1.1, not HTTP/2");
            return;
        }
        if (!"websocket".equalsIgnoreCase(ex.header(HttpHeaderNames.UPGRADE))) {
            io.netty.handler.codec.http.FullHttpResponse r = Exchange.errorResponse(HttpResponseStatus.UPGRADE_REQUIRED,
                    ex.path + " is a WebSocket endpoint: connect with ws://");
            r.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            ex.respond(r);
            return;
        }
        int max = ex.server.config.maxMessageSize();
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(max)
                .allowExtensions(true)
                .closeOnProtocolViolation(true)
                .build();
        String url = "ws://" + ex.header(HttpHeaderNames.HOST) + ex.request.uri();
        WebSocketServerHandshaker handshaker = "13".equals(ex.header(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                ? new Handshaker13(url, subprotocols, decoder)
                : new WebSocketServerHandshakerFactory(url, subprotocols, decoder).newHandshaker(ex.request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ex.ctx.channel());
            ex.log(426, "unsupported WebSocket version");
            return;
        }
        // Joining after the 101 had gone out left a moment where a client that had its 101 was not yet a
        // room member or subscriber, and missed what was sent then. What other connections send now
        // reaches this channel as tasks on its loop, so after this task and behind the 101. Joining first
        // also lets a refusal (--max-topics) still be an HTTP answer.
        session.joining();
        ServeInitializer.leaveHttp(ex.ctx.pipeline());
        // Behind the permessage-deflate decoder (which goes in before the router): text is checked inflated.
        ex.ctx.pipeline().addLast("ws-utf8", new Utf8FrameValidator(true));
        ex.ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(max));
        ex.ctx.pipeline().addLast("ws-session", session);
        ex.server.hold(ex.ctx.channel(), session::drain);
        HttpHeaders headers = extraHeaders == null ? new DefaultHttpHeaders() : extraHeaders;
        handshaker.handshake(ex.ctx.channel(), ex.request, headers, ex.ctx.channel().newPromise())
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        ex.log(101, session.kind() + " open" + (handshaker.selectedSubprotocol() == null ? ""
                                : " subprotocol " + handshaker.selectedSubprotocol()));
                        session.startHeartbeat();
                    } else {
                        ex.log(101, session.kind() + " handshake failed: " + f.cause());
                        f.channel().close();
                    }
                });
        session.opened();
    }

    /** A short name for the access log: {@code ws}, {@code echo}, {@code signal}. */
    abstract String kind();

    /** The 101 is about to be written: join whatever sends to this session. */
    void joining() {}

    /** The 101 is written (queued first on the channel): the session may send. */
    void opened() {}

    /** A complete text or binary message from the client; this method owns {@code frame}. */
    abstract void onMessage(ChannelHandlerContext ctx, WebSocketFrame frame);

    /** The connection is gone, whichever side ended it. */
    void closed() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
            // An extension that was negotiated has cleared its bit by now (permessage-deflate, RSV1).
            frame.release();
            violation(WebSocketCloseStatus.PROTOCOL_ERROR.code(), "reserved bits set without an extension that uses them");
        } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
            received++;
            onMessage(ctx, (WebSocketFrame) msg);
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.write(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof CloseWebSocketFrame close) {
            ByteBuf body = close.content();
            int length = body.readableBytes();
            int code = close.statusCode();
            boolean textReason = length <= 2
                    || Payloads.isUtf8(ByteBufUtil.getBytes(body, body.readerIndex() + 2, length - 2), 0, length - 2);
            close.release();
            if (length == 1 || (length >= 2 && !receivable(code))) {
                violation(WebSocketCloseStatus.PROTOCOL_ERROR.code(), "invalid close code");
            } else if (!textReason) {
                violation(WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), "close reason is not UTF-8");
            } else {
                ctx.writeAndFlush(length == 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, ""))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A close code a peer may send (RFC 6455 7.4): the defined ones but 1004, 1005 and 1006 (never on the
     * wire), the IANA-registered 1012 to 1014, and 3000 to 4999 for libraries and applications.
     */
    static boolean receivable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** The peer broke RFC 6455: close with {@code code}, counted, and no more reading. */
    private void violation(int code, String reason) {
        ex.server.metrics.refused(Metrics.Refusal.WEBSOCKET_PROTOCOL);
        ex.server.log.note(kind() + " " + ex.client() + ": closing " + code + ", " + reason);
        closeWith(code, reason);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // Reading more while the peer is not draining our writes would only grow the outbound buffer.
        ch.config().setAutoRead(ch.isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (heartbeat != null) heartbeat.cancel(false);
        closed();
        ex.log(kind(), String.format("closed after %.1fs, %d messages received",
                (System.nanoTime() - openedNanos) / 1e9, received));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || inflatedTooLarge(cause) || cause instanceof CorruptedFrameException) {
            ex.server.metrics.refused(Metrics.Refusal.WEBSOCKET_PROTOCOL);
        }
        if (cause instanceof TooLongFrameException || inflatedTooLarge(cause)) {
            closeWith(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(),
                    "message larger than " + ex.server.config.maxMessageSize() + " bytes");
        } else if (cause instanceof CorruptedFrameException) {
            // The decoder has already sent 1002 (or 1007, 1009) and closes.
            ctx.close();
        } else {
            if (!(cause instanceof IOException)) ex.server.log.note(kind() + " " + ex.client() + ": " + cause);
            ctx.close();
        }
    }

    /**
     * permessage-deflate's inflater stops at {@code --max-message-size}: a small compressed frame that
     * inflates past it is as oversized as a large plain one, and the peer deserves the same 1009.
     */
    private static boolean inflatedTooLarge(Throwable cause) {
        return cause instanceof DecompressionException && String.valueOf(cause.getMessage()).contains("maximum size");
    }

    /**
     * Netty's handshake for version 13, except that the frame decoder lets every close frame through to the
     * session, which answers an invalid code with 1002 (RFC 6455 7.4.1); Netty's own check closes the
     * connection without a close frame once it has seen one from the peer.
     */
    private static final class Handshaker13 extends WebSocketServerHandshaker13 {
        Handshaker13(String url, String subprotocols, WebSocketDecoderConfig config) {
            super(url, subprotocols, config);
        }

        @Override
        protected WebSocketFrameDecoder newWebsocketDecoder() {
            return new WebSocket13FrameDecoder(decoderConfig()) {
                @Override
                protected void checkCloseFrameBody(ChannelHandlerContext ctx, ByteBuf buffer) {
                    // the session checks the code and the reason
                }
            };
        }
    }

    void closeWith(int code, String reason) {
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    void drain() {
        closeWith(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), SERVER_GOING_AWAY);
    }

    private void startHeartbeat() {
        long every = ex.server.config.heartbeat().toNanos();
        if (every <= 0) return;
        heartbeat = ch.eventLoop().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastReadNanos > 2 * every) {
                ex.server.log.note(kind() + " " + ex.client() + ": no reply to pings for "
                        + 2 * every / 1_000_000 + "ms, closing");
                ch.close();
            } else {
                ch.writeAndFlush(new PingWebSocketFrame(), ch.voidPromise());
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }
}
