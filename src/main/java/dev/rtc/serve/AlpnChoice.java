package dev.rtc.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * Over TLS, what ALPN agreed picks the pipeline once the handshake is done: {@code h2} makes the connection
 * HTTP/2, {@code http/1.1} or no ALPN at all (a client that offers none) HTTP/1.1. The TLS counterpart of
 * {@link PriorKnowledge}; a failed handshake is already logged by {@link TlsLog} and just closes.
 */
final class AlpnChoice extends ApplicationProtocolNegotiationHandler {
    private final ServeInitializer initializer;

    AlpnChoice(ServeInitializer initializer) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.initializer = initializer;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            initializer.http2(ctx.pipeline());
        } else {
            initializer.http1(ctx.pipeline());
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
