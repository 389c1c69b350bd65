package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** Pipelined requests without sockets: each waits until the one before it has its whole response. */
class InOrderTest {
    /** Answers every request at once with its path as the reason, except /slow, which it keeps. */
    private static final class Routes extends ChannelInboundHandlerAdapter {
        ChannelHandlerContext ctx;
        HttpRequest held;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            this.ctx = ctx;
            HttpRequest req = (HttpRequest) msg;
            if (req.uri().equals("/slow")) {
                held = req;
            } else {
                ctx.writeAndFlush(response(req.uri()));
            }
            io.netty.util.ReferenceCountUtil.release(msg);
        }

        void answerHeld() {
            ctx.writeAndFlush(response(held.uri()));
        }
    }

    private static FullHttpResponse response(String uri) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(200, uri));
    }

    private static DefaultFullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    private static String next(EmbeddedChannel ch) {
        FullHttpResponse r = ch.readOutbound();
        return r == null ? null : r.status().reasonPhrase();
    }

    @Test
    void aRequestBehindAnUnansweredOneWaitsAndReadingPauses() {
        Routes routes = new Routes();
        EmbeddedChannel ch = new EmbeddedChannel(new InOrder(), routes);

        ch.writeInbound(get("/slow"), get("/fast"), get("/also-fast"));

        assertNull(next(ch), "nothing may overtake /slow");
        assertFalse(ch.config().isAutoRead(), "reading pauses while requests wait");

        routes.answerHeld();
        ch.runPendingTasks();

        assertEquals("/slow", next(ch));
        assertEquals("/fast", next(ch));
        assertEquals("/also-fast", next(ch));
        assertTrue(ch.config().isAutoRead(), "reading resumes once nothing waits");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anInterimResponseDoesNotEndTheRequest() {
        Routes routes = new Routes();
        EmbeddedChannel ch = new EmbeddedChannel(new InOrder(), routes);

        ch.writeInbound(get("/slow"), get("/fast"));
        routes.ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        ch.runPendingTasks();

        assertEquals("Continue", next(ch));
        assertNull(next(ch), "/fast still waits for /slow's final response");
        routes.answerHeld();
        ch.runPendingTasks();
        assertEquals("/slow", next(ch));
        assertEquals("/fast", next(ch));
        assertFalse(ch.finishAndReleaseAll());
    }
}
