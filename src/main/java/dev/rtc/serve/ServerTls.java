package dev.rtc.serve;

import dev.rtc.cli.RtcException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.buffer.ByteBufAllocator;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * {@code rtc serve}'s TLS: one server context for every connection, with the JDK's TLS (no native
 * library), and ALPN naming what is spoken after the handshake.
 */
final class ServerTls {
    /** ALPN's offer, the server's preference first. HTTP/2 goes in front of http/1.1 once the server speaks it. */
    static final List<String> PROTOCOLS = List.of(ApplicationProtocolNames.HTTP_1_1);

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

    /** A new engine's handler for one connection: it goes next to the socket, before anything reads bytes. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler h = context.newHandler(alloc);
        h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return h;
    }
}
