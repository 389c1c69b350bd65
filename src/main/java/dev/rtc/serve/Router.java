package dev.rtc.serve;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/** Sends each request to its route (SPEC.md's serve table); anything else is 404 or 405. */
@Sharable
final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ServerState state;

    Router(ServerState state) {
        this.state = state;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Exchange ex = new Exchange(ctx, request, state);
        if (request.decoderResult().isFailure()) {
            // The body's framing broke (a chunk size that is not hex, say): none of it is used, and the rest
            // of the connection cannot be read as HTTP any more.
            state.metrics.refused(Metrics.Refusal.MALFORMED);
            ex.errorAndClose(HttpResponseStatus.BAD_REQUEST, "malformed request body");
            return;
        }
        try {
            route(ex);
        } catch (Exchange.BadRequest e) {
            ex.error(e.status, e.getMessage());
        }
    }

    private void route(Exchange ex) {
        String first = ex.segments.isEmpty() ? "" : ex.segments.get(0);
        HttpMethod m = ex.request.method();
        boolean get = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD);
        boolean post = m.equals(HttpMethod.POST);
        if (state.handler != null) {
            if (get) HandlerSession.upgrade(ex); else notAllowed(ex, "GET");
            return;
        }
        switch (first) {
            case "" -> { if (get) IndexRoute.handle(ex); else notAllowed(ex, "GET"); }
            case "publish" -> { if (post) PublishRoute.handle(ex); else notAllowed(ex, "POST"); }
            case "poll" -> { if (get) PollRoute.handle(ex); else notAllowed(ex, "GET"); }
            case "longpoll" -> { if (get) LongPollRoute.handle(ex); else notAllowed(ex, "GET"); }
            case "stream" -> { if (get) StreamRoute.handle(ex); else notAllowed(ex, "GET"); }
            case "sse" -> { if (get) SseRoute.handle(ex); else notAllowed(ex, "GET"); }
            case "ws" -> { if (get) WsTopicSession.upgrade(ex); else notAllowed(ex, "GET"); }
            case "echo" -> {
                if (post && ex.segments.size() == 1) {
                    ex.respond(HttpResponseStatus.OK, contentTypeOr(ex, "application/octet-stream"), bytes(ex));
                } else if (get && ex.segments.size() == 1) {
                    EchoSession.upgrade(ex);
                } else {
                    notFoundOr(ex, "GET, POST");
                }
            }
            case "signal" -> { if (get) SignalSession.upgrade(ex); else notAllowed(ex, "GET"); }
            case "topics" -> { if (get && only(ex)) topics(ex); else notFoundOr(ex, "GET"); }
            case "healthz" -> {
                if (!get || !only(ex)) {
                    notFoundOr(ex, "GET");
                } else if (state.hub.shared != null && !state.hub.shared.up()) {
                    ex.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "redis unreachable\n");
                } else {
                    ex.text(HttpResponseStatus.OK, "ok\n");
                }
            }
            case "metrics" -> {
                if (get && only(ex)) {
                    ex.respond(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                            state.metrics.render(state.hub.size(), state.hub.retainedBytes()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    notFoundOr(ex, "GET");
                }
            }
            default -> ex.error(HttpResponseStatus.NOT_FOUND, "no route for " + ex.path + " (GET / lists the routes)");
        }
    }

    /** {@code GET /topics}: this instance's, or with --redis every instance's, from Redis. */
    private void topics(Exchange ex) {
        SharedSpace shared = state.hub.shared;
        if (shared == null) {
            ex.json(HttpResponseStatus.OK, state.hub.topicsJson());
            return;
        }
        shared.topicsJson().whenComplete((json, err) -> ex.ctx.executor().execute(() -> {
            if (err != null) SharedSpace.respondUnavailable(ex, err); else ex.json(HttpResponseStatus.OK, json);
        }));
    }

    private static boolean only(Exchange ex) {
        return ex.segments.size() == 1;
    }

    private static void notFoundOr(Exchange ex, String allow) {
        if (ex.segments.size() != 1) {
            ex.error(HttpResponseStatus.NOT_FOUND, "no route for " + ex.path + " (GET / lists the routes)");
        } else {
            notAllowed(ex, allow);
        }
    }

    private static void notAllowed(Exchange ex, String allow) {
        FullHttpResponse r = Exchange.errorResponse(HttpResponseStatus.METHOD_NOT_ALLOWED,
                ex.method() + " is not allowed on " + ex.path + "; use " + allow);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        ex.respond(r);
    }

    static byte[] bytes(Exchange ex) {
        byte[] b = new byte[ex.request.content().readableBytes()];
        ex.request.content().getBytes(ex.request.content().readerIndex(), b);
        return b;
    }

    private static String contentTypeOr(Exchange ex, String fallback) {
        String ct = ex.header(HttpHeaderNames.CONTENT_TYPE);
        return ct == null ? fallback : ct;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.pipeline().get(WebSocketSession.class) != null) {
            // Upgraded: the session behind us answers with a close code (a permessage-deflate message that
            // inflates past the limit fails in the decoder in front of us and must still get its 1009).
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (!(cause instanceof IOException)) {
            state.log.note("connection " + AccessLog.address(ctx.channel().remoteAddress()) + " closed: " + cause);
        }
        ctx.close();
    }
}
