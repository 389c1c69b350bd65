package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline of every connection, in the order bytes meet it: HTTP/1.1 ({@link #http1}) or HTTP/2
 * ({@link #http2}), chosen by the connection's first bytes on cleartext ({@link PriorKnowledge}) and by ALPN
 * over TLS ({@link AlpnChoice}).
 */
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
    /** The handler that looks at a cleartext connection's first bytes for the HTTP/2 preface. */
    static final String PROTOCOL = "protocol";
    /**
     * SETTINGS_MAX_CONCURRENT_STREAMS: RFC 9113 asks for no fewer than 100, which is what browsers expect and
     * nginx's 128 is near. Each held stream may buffer up to {@code --max-pending} like a connection does,
     * so this is also how many times that one connection may buffer it; more streams are refused with
     * RST_STREAM(REFUSED_STREAM).
     */
    static final int MAX_CONCURRENT_STREAMS = 100;

    private final ServerState state;
    private final Traffic traffic;
    private final CorsHeaders cors;
    private final Router router;
    private final ServerTls tls;
    private final Http2Refusals refusals;

    ServeInitializer(ServerState state, ServerTls tls) {
        this.state = state;
        this.tls = tls;
        this.traffic = new Traffic(state.metrics);
        this.cors = state.config.cors() == null ? null : new CorsHeaders(state.config.cors());
        this.router = new Router(state);
        this.refusals = new Http2Refusals(state.metrics);
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
        ch.pipeline().addLast(TRAFFIC, traffic);
        if (tls == null) {
            ch.pipeline()
                    .addLast(IDLE, idleTimeout())
                    .addLast(PROTOCOL, new PriorKnowledge(this, state.config.limits().headerTimeout()));
        } else {
            ch.pipeline()
                    .addLast(TLS, tls.newHandler(state.log))
                    .addLast("tls-log", new TlsLog(state.log))
                    .addLast(IDLE, idleTimeout())
                    .addLast(PROTOCOL, new AlpnChoice(this));
        }
    }

    /**
     * Makes {@code pipeline} serve HTTP/1.1 (and WebSocket upgrades) after what it holds already: the byte
     * counter, the idle timeout and, over TLS, the TLS handler. What ALPN's {@code http/1.1} (or no ALPN) calls.
     */
    void http1(ChannelPipeline pipeline) {
        Channel ch = pipeline.channel();
        count(ch, state.metrics.h1Open, state.metrics.h1Total);
        HeadDeadline deadline = new HeadDeadline(state);
        pipeline.addLast(HEAD_START, deadline.firstByte())
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE))
                .addLast(DEADLINE, deadline)
                .addLast(IN_ORDER, new InOrder());
        requests(pipeline, true);
    }

    /**
     * Makes {@code pipeline} serve HTTP/2 after what it holds already (as {@link #http1}): the frame codec, one
     * child channel per stream running the same request handlers as HTTP/1.1, and the connection's own
     * housekeeping ({@link Http2Connection}). What ALPN's {@code h2} calls; over cleartext, {@link PriorKnowledge}.
     */
    void http2(ChannelPipeline pipeline) {
        Channel ch = pipeline.channel();
        count(ch, state.metrics.h2Open, state.metrics.h2Total);
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_SIZE))
                .gracefulShutdownTimeoutMillis(Server.DRAIN_GRACE.toMillis())
                .frameLogger(refusals)
                .build();
        pipeline.addLast("h2", codec)
                .addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.config().setWriteBufferWaterMark(waterMark(state.config.maxPending()));
                        stream.pipeline()
                                .addLast("http", new Http2StreamFrameToHttpObjectCodec(true))
                                .addLast("head", new HeadResponses())
                                .addLast(DEADLINE, new HeadDeadline(state));
                        requests(stream.pipeline(), false);
                    }
                }))
                .addLast("h2-connection", new Http2Connection(state, codec));
    }

    /** What every request meets behind the HTTP codec, on HTTP/1.1 and on each HTTP/2 stream alike. */
    private void requests(ChannelPipeline pipeline, boolean webSocket) {
        if (cors != null) {
            // Before the gate, so that its answers (preflight, 401, 400) carry the headers too: a browser
            // rejects a preflight without Access-Control-Allow-Origin and cannot read an error without it.
            pipeline.addLast("cors", cors);
        }
        pipeline.addLast("gate", new HttpGate(state))
                .addLast("aggregator", new BodyLimit(state.config.maxMessageSize(), state.log, state.metrics));
        if (webSocket) pipeline.addLast("ws-deflate", compression(state.config.maxMessageSize()));
        pipeline.addLast("router", router);
    }

    private static void count(Channel ch, LongAdder open, LongAdder total) {
        open.increment();
        total.increment();
        ch.closeFuture().addListener(f -> open.decrement());
    }

    /** Unsent bytes past which a connection (or an HTTP/2 stream) is unwritable: {@code --max-pending}. */
    static WriteBufferWaterMark waterMark(int maxPending) {
        return new WriteBufferWaterMark(Math.max(1, maxPending / 2), maxPending);
    }
}
