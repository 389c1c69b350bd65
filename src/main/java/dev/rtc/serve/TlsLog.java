package dev.rtc.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.channels.ClosedChannelException;

/**
 * A line in the log for each failed TLS handshake (a client that does not trust the certificate or sends no
 * client certificate), which otherwise ends the connection without a word; then out of the way once the
 * handshake is done.
 */
final class TlsLog extends ChannelInboundHandlerAdapter {
    private final AccessLog log;

    TlsLog(AccessLog log) {
        this.log = log;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess() && !(done.cause() instanceof ClosedChannelException)) {
                log.note("TLS handshake with " + AccessLog.address(ctx.channel().remoteAddress()) + " failed: " + reason(done.cause()));
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }

    static String reason(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof NotSslRecordException) return "not TLS";
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().lines().findFirst().orElse("").strip();
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("empty client certificate chain") || lower.contains("null cert chain")) {
            return "the client sent no certificate (--tls-client-ca requires one)";
        }
        if (lower.contains("pkix") || lower.contains("certification path") || lower.contains("unable to find valid")) {
            return "the client's certificate is not signed by a CA of --tls-client-ca: " + m;
        }
        // A client that rejects the certificate ends the handshake with an alert; a TLS 1.3 client's comes
        // unencrypted before its keys are in place, which the JDK reports as a short AEAD record.
        if (lower.contains("unknown_ca") || lower.contains("certificate_unknown") || lower.contains("bad_certificate")
                || lower.contains("aead cipher fragment")) {
            return m + " (does the client trust the certificate? --cacert with its file)";
        }
        return m;
    }
}
