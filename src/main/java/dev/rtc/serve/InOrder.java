package dev.rtc.serve;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * HTTP/1.1 pipelining: responses leave in the order the requests came (RFC 9112 9.3.2). A request that
 * arrives while the one before it is still unanswered (a long poll, say) waits here, with whatever of it
 * followed, and reading pauses until its turn; then it goes on to the routes.
 */
final class InOrder extends ChannelDuplexHandler {
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** Requests passed on whose response has not been written to its end: 0 or 1. */
    private int unanswered;
    /** A response head is out but not its end: a stream, say. */
    private boolean responding;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!waiting.isEmpty() || (msg instanceof HttpRequest && unanswered > 0)) {
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (msg instanceof HttpRequest) unanswered++;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean interim = msg instanceof HttpResponse r && r.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL
                && !r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS);
        if (msg instanceof HttpResponse && !interim) responding = true;
        boolean end = !interim && msg instanceof LastHttpContent;
        super.write(ctx, msg, promise);
        if (end && responding) {
            responding = false;
            unanswered = Math.max(0, unanswered - 1);
            // Not from inside the write: the next request's route may answer at once, writing again.
            ctx.executor().execute(() -> next(ctx));
        }
    }

    /** True while a response is partly written: nothing else may be written on this connection now. */
    boolean responding() {
        return responding;
    }

    private void next(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) return;
        while (!waiting.isEmpty()) {
            Object msg = waiting.peek();
            if (msg instanceof HttpRequest && unanswered > 0) return;
            waiting.poll();
            if (msg instanceof HttpRequest) unanswered++;
            ctx.fireChannelRead(msg);
        }
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // An upgrade to WebSocket: what a client pipelined behind it was never HTTP of ours to answer.
        drop();
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        drop();
        super.channelInactive(ctx);
    }

    private void drop() {
        for (Object msg; (msg = waiting.poll()) != null; ) ReferenceCountUtil.release(msg);
    }
}
