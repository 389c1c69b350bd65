package dev.rtc.serve;

import dev.rtc.cli.RtcException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import dev.rtc.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * {@code rtc serve}'s TLS: one server context for every connection, with the JDK's TLS (no native
 * library), and ALPN naming what is spoken after the handshake.
 */
final class ServerTls {
    /** ALPN's offer, the server's preference first: HTTP/2, then http/1.1 (which WebSocket needs). */
    static final List<String> PROTOCOLS = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private final SslContext context;
    private final long handshakeTimeoutMillis;

    private ServerTls(SslContext context, long handshakeTimeoutMillis) {
        this.context = context;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** The context of {@code config}'s TLS settings, or null for cleartext. */
    static ServerTls of(ServeConfig config) {
        ServeConfig.Tls tls = config.tls();
        if (tls == null) return null;
        try {
            SslContextBuilder b = SslContextBuilder.forServer(tls.identity().key(), tls.identity().chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            // A client offering none of these gets no ALPN answer and speaks http/1.1, as before ALPN.
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            PROTOCOLS));
            if (!tls.clientCa().isEmpty()) {
                b.trustManager(tls.clientCa().toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE);
            }
            // The head deadline starts after the handshake; the handshake has the same bound of its own.
            return new ServerTls(b.build(), config.limits().headerTimeout().toMillis());
        } catch (SSLException | IllegalArgumentException e) {
            throw new RtcException("cannot set up TLS with " + tls.identity().certificate().getSubjectX500Principal().getName() + ": " + e.getMessage());
        }
    }

    /**
     * The handler of one connection, next to the socket, before anything reads bytes: it becomes an SslHandler
     * when the first bytes are a TLS record, and otherwise answers plain HTTP with a 400 saying to use https://
     * (curl http:// would else see only "Empty reply from server").
     */
    ChannelHandler newHandler(AccessLog log) {
        return new OptionalSslHandler(context) {
            @Override
            protected String newSslHandlerName() {
                return ServeInitializer.TLS;
            }

            @Override
            protected SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext ssl) {
                SslHandler h = ssl.newHandler(ctx.alloc());
                h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
                return h;
            }

            @Override
            protected ChannelHandler newNonSslHandler(ChannelHandlerContext ctx) {
                return new PlainRefusal(log);
            }
        };
    }

    /** Plain bytes on the TLS port: one 400 written as bytes (no HTTP encoder is in front of this), then closed. */
    static final class PlainRefusal extends ChannelInboundHandlerAdapter {
        static final String MESSAGE = "this port speaks TLS: use https:// (or wss://)";
        private final AccessLog log;
        private boolean answered;

        PlainRefusal(AccessLog log) {
            this.log = log;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (answered) return;
            answered = true;
            byte[] body = Json.object().put("error", MESSAGE).put("status", 400).toString().getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                    + "\r\nconnection: close\r\n\r\n";
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body)).addListener(ChannelFutureListener.CLOSE);
            log.note("plain HTTP from " + AccessLog.address(ctx.channel().remoteAddress()) + " on the TLS port: 400, " + MESSAGE);
        }
    }
}
