package dev.rtc.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * On an HTTP/2 stream, the answer to a HEAD has a head and no body, as HTTP/1.1's codec does on its own:
 * the routes answer HEAD as GET, and DATA after a HEAD is a protocol error to the client.
 */
final class HeadResponses extends ChannelDuplexHandler {
    private boolean head;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest r) head = HttpMethod.HEAD.equals(r.method());
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!head) {
            ctx.write(msg, promise);
        } else if (msg instanceof FullHttpResponse r) {
            // Its Content-Length stays: the length the GET's body would have.
            FullHttpResponse bare = r.replace(Unpooled.EMPTY_BUFFER);
            r.release();
            ctx.write(bare, promise);
        } else if (msg instanceof HttpContent c) {
            boolean last = c instanceof LastHttpContent;
            ReferenceCountUtil.release(c);
            if (last) ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, promise); else promise.trySuccess();
        } else {
            ctx.write(msg, promise);
        }
    }
}
