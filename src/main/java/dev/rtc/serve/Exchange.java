package dev.rtc.serve;

import dev.rtc.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request on its way through a route: the parsed path and query, the shared server state, and the
 * ways to answer it (each of which writes the access-log line).
 */
final class Exchange {
    final ChannelHandlerContext ctx;
    final FullHttpRequest request;
    final ServerState server;
    final String path;
    final List<String> segments;
    private final QueryStringDecoder query;
    final long startNanos = System.nanoTime();
    final boolean keepAlive;

    Exchange(ChannelHandlerContext ctx, FullHttpRequest request, ServerState server) {
        this.ctx = ctx;
        this.request = request;
        this.server = server;
        this.query = new QueryStringDecoder(request.uri());
        this.path = query.path();
        this.segments = List.of(path.length() > 1 ? path.substring(1).split("/", -1) : new String[0]);
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    String param(String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String header(CharSequence name) {
        return request.headers().get(name);
    }

    String method() {
        return request.method().name();
    }

    /** A non-negative id from the query, null when absent; a malformed one is the caller's 400. */
    Long idParam(String name) {
        String v = param(name);
        if (v == null || v.isEmpty()) return null;
        try {
            long id = Long.parseLong(v);
            if (id < 0) throw new BadRequest(name + " must be a non-negative integer, got '" + v + "'");
            return id;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a non-negative integer, got '" + v + "'");
        }
    }

    /** A 4xx the router turns into a JSON error. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final HttpResponseStatus status;

        BadRequest(String message) {
            this(HttpResponseStatus.BAD_REQUEST, message);
        }

        BadRequest(HttpResponseStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    void json(HttpResponseStatus status, String json) {
        respond(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    void text(HttpResponseStatus status, String text) {
        respond(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void error(HttpResponseStatus status, String message) {
        respond(errorResponse(status, message));
    }

    /** The error, then the request's connection (on HTTP/2: its stream) ended: what follows on it cannot be trusted. */
    void errorAndClose(HttpResponseStatus status, String message) {
        FullHttpResponse r = errorResponse(status, message);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(END);
        log(status.code(), message);
    }

    /** Whether this request came on an HTTP/2 stream. */
    boolean http2() {
        return ctx.channel() instanceof Http2StreamChannel;
    }

    /**
     * After a response that ends the exchange for good (a refusal, a request that broke its framing): HTTP/1.1
     * closes the connection; HTTP/2 ends only that stream, and tells a client still sending its body to stop
     * without error (RST_STREAM NO_ERROR, RFC 9113 8.1), so the connection's other streams go on. Its
     * {@code Connection: close} header never reaches an HTTP/2 client: the codec drops connection headers.
     */
    static final ChannelFutureListener END = f -> {
        Channel ch = f.channel();
        if (ch instanceof Http2StreamChannel stream && stream.stream().state() != Http2Stream.State.CLOSED && ch.isActive()) {
            ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
        }
        ch.close();
    };

    /**
     * The one shape of every error serve answers, {@code {"error":…,"status":…}}, written by the one JSON
     * writer: a path or topic quoted in {@code message} is escaped, whatever it holds.
     */
    static FullHttpResponse errorResponse(HttpResponseStatus status, String message) {
        byte[] body = Json.object().put("error", message).put("status", status.code()).toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    void respond(HttpResponseStatus status, String contentType, byte[] body) {
        respond(response(status, contentType, body));
    }

    FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        ByteBuf content = body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (contentType != null) r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return r;
    }

    /** Writes a complete response, keeping the connection open when the client allows it. */
    void respond(FullHttpResponse r) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        int bytes = r.content().readableBytes();
        if (keepAlive) {
            if (!request.protocolVersion().isKeepAliveDefault()) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(r, ctx.voidPromise());
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
        log(r.status().code(), bytes + "B " + elapsedMillis() + "ms");
    }

    void log(Object status, String detail) {
        server.log.line(client(), method(), request.uri(), status, detail);
    }

    private String client;

    /** Who sent this request: the peer's {@code HOST:PORT}, or what a trusted proxy forwarded (--trust-proxy). */
    String client() {
        if (client == null) client = server.proxies.client(ctx.channel().remoteAddress(), request.headers());
        return client;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The topic named by path segment {@code i}, or a 400 naming the rule. */
    String topicSegment(int i) {
        String name = segments.size() > i ? String.join("/", segments.subList(i, segments.size())) : "";
        if (!Hub.validName(name)) {
            throw new BadRequest("invalid topic '" + name + "': use 1 to 128 of A-Z a-z 0-9 . _ ~ -");
        }
        return name;
    }
}
