package dev.rtc.serve;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of every connection, in the order bytes meet it. */
final class ServeInitializer extends ChannelInitializer<SocketChannel> {
    /** A connection with no request in flight and no subscription is closed after this long. */
    static final int IDLE_SECONDS = 60;
    /** The idle timeout's name: held connections take it out (see {@link ServerState#hold}). */
    static final String IDLE = "idle";
    /** The byte counter next to the socket, after which the idle timeout goes back in. */
    static final String TRAFFIC = "traffic";
    /** TLS, when the server has it, between the byte counter (which counts what the wire carries) and everything else. */
    static final String TLS = "tls";
    /** The HTTP-only handlers that an upgrade to WebSocket takes out (see {@link #leaveHttp}). */
    static final String HEAD_START = "head-start";
    static final String DEADLINE = "deadline";
    static final String IN_ORDER = "in-order";
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16384;
    static final int MAX_CHUNK_SIZE = 65536;

    private final ServerState state;
    private final Traffic traffic;
    private final CorsHeaders cors;
    private final Router router;
    private final ServerTls tls;

    ServeInitializer(ServerState state, ServerTls tls) {
        this.state = state;
        this.tls = tls;
        this.traffic = new Traffic(state.metrics);
        this.cors = state.config.cors() == null ? null : new CorsHeaders(state.config.cors());
        this.router = new Router(state);
    }

    static IdleStateHandler idleTimeout() {
        return new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Netty's WebSocketServerCompressionHandler, except that a client asking for server_no_context_takeover
     * (Java-WebSocket, rtc ws --compress) gets it rather than no compression at all.
     */
    static WebSocketServerExtensionHandler compression(int maxMessageSize) {
        return new WebSocketServerExtensionHandler(
                new PerMessageDeflateServerExtensionHandshaker(6, ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
                        PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false, maxMessageSize),
                new DeflateFrameServerExtensionHandshaker(6, maxMessageSize));
    }

    /** The connection stops speaking HTTP (a WebSocket upgrade): no head deadline or request order from now on. */
    static void leaveHttp(ChannelPipeline pipeline) {
        for (String name : new String[] {HEAD_START, DEADLINE, IN_ORDER}) {
            if (pipeline.get(name) != null) pipeline.remove(name);
        }
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        state.open.add(ch);
        ch.closeFuture().addListener(f -> state.open.remove(ch));
        HeadDeadline deadline = new HeadDeadline(state);
        ch.pipeline().addLast(TRAFFIC, traffic);
        if (tls != null) ch.pipeline().addLast(TLS, tls.newHandler(state.log)).addLast("tls-log", new TlsLog(state.log));
        ch.pipeline()
                .addLast(IDLE, idleTimeout())
                .addLast(HEAD_START, deadline.firstByte())
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE))
                .addLast(DEADLINE, deadline)
                .addLast(IN_ORDER, new InOrder());
        if (cors != null) {
            // Before the gate, so that its answers (preflight, 401, 400) carry the headers too: a browser
            // rejects a preflight without Access-Control-Allow-Origin and cannot read an error without it.
            ch.pipeline().addLast("cors", cors);
        }
        ch.pipeline()
                .addLast("gate", new HttpGate(state))
                .addLast("aggregator", new BodyLimit(state.config.maxMessageSize(), state.log, state.metrics))
                .addLast("ws-deflate", compression(state.config.maxMessageSize()))
                .addLast("router", router);
    }
}
