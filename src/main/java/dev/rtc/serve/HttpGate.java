package dev.rtc.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * What a request must pass before any route sees it: it must be well-formed HTTP (else 400 and the
 * connection closed; 505 for an HTTP major version other than 1), carry the {@code --token} when one is set (else 401, {@code /healthz} exempt), and
 * CORS preflights are answered here. Also closes connections idle with nothing in flight.
 */
final class HttpGate extends ChannelInboundHandlerAdapter {
    private final ServerState state;
    /** Set after a rejected request, so that its body is discarded rather than routed. */
    private boolean discarding;

    HttpGate(ServerState state) {
        this.state = state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!ctx.channel().isActive()) {
            // What the decoder makes of a head cut short by the close: nobody is left to answer.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            discarding = false;
            state.metrics.requests.increment();
            String rejection = reject(ctx, req);
            if (rejection != null) {
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
        } else if (discarding && msg instanceof HttpContent) {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Answers and returns a reason when the request goes no further; null lets it through. */
    private String reject(ChannelHandlerContext ctx, HttpRequest req) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            String why = cause instanceof TooLongFrameException ? "request line or headers too long" : "malformed HTTP request";
            state.metrics.refused(Metrics.Refusal.MALFORMED);
            send(ctx, req, status, why, true);
            return why;
        }
        if (req.protocolVersion().majorVersion() != 1) {
            // HTTP/1.x of any minor version is answered as 1.1 (RFC 9110 2.5); another major is not ours.
            state.metrics.refused(Metrics.Refusal.MALFORMED);
            String why = req.protocolVersion().text() + " is not supported: use HTTP/1.1";
            send(ctx, req, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, why, true);
            return why;
        }
        if (state.config.cors() != null && req.method().equals(HttpMethod.OPTIONS)
                && req.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, CorsHeaders.ALLOW_METHODS)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, CorsHeaders.ALLOW_HEADERS)
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 600)
                    .set(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(r);
            state.log.line(state.proxies.client(ctx.channel().remoteAddress(), req.headers()), req.method().name(), req.uri(), 204, "preflight");
            return "preflight";
        }
        String token = state.config.token();
        if (token != null && !authorized(req, token)) {
            send(ctx, req, HttpResponseStatus.UNAUTHORIZED, "missing or wrong token: send Authorization: Bearer TOKEN or ?token=", true);
            return "unauthorized";
        }
        return null;
    }

    static boolean authorized(HttpRequest req, String token) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        if ("/healthz".equals(q.path())) return true;
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && same(auth.substring(7).trim(), token)) {
            return true;
        }
        List<String> fromQuery = q.parameters().get("token");
        return fromQuery != null && !fromQuery.isEmpty() && same(fromQuery.get(0), token);
    }

    private static boolean same(String given, String token) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private void send(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String message, boolean close) {
        FullHttpResponse r = Exchange.errorResponse(status, message);
        if (status == HttpResponseStatus.UNAUTHORIZED) {
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"rtc\"");
        }
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(Exchange.END);
        } else {
            ctx.writeAndFlush(r);
        }
        String uri = req.decoderResult().isFailure() ? "-" : req.uri();
        state.log.line(state.proxies.client(ctx.channel().remoteAddress(), req.headers()), req.method().name(), uri, status.code(), message);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or garbage on the socket ends that connection, never the server.
        ctx.close();
    }
}
