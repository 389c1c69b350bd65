package dev.rtc.http;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code -k} and {@code --cacert} as a trust manager and an SSL context, for every client that speaks
 * TLS (OkHttp's and the WebSocket client). Null means "the system's defaults": nothing to build.
 */
public final class Tls {
    private Tls() {}

    /** The trust manager the options ask for, or null for the JDK's default trust. */
    public static X509TrustManager trustManager(boolean insecure, Path cacert) {
        try {
            if (insecure) return new TrustAll();
            if (cacert != null) return trustOnly(cacert);
            return null;
        } catch (GeneralSecurityException e) {
            throw new RtcException(ExitCodes.FAILURE, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** An SSL context that trusts what {@code trust} trusts. */
    public static SSLContext context(X509TrustManager trust) {
        return context(trust, null);
    }

    /**
     * An SSL context that trusts what {@code trust} trusts (the system's trust when null) and shows a server
     * that asks for one the client certificate of {@code identity} (none when null).
     */
    public static SSLContext context(X509TrustManager trust, X509KeyManager identity) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(identity == null ? null : new KeyManager[] {identity},
                    trust == null ? null : new TrustManager[] {trust}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new RtcException(ExitCodes.FAILURE, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The JDK's default trust (the system's certificate authorities), for a client that must name one. */
    public static X509TrustManager systemTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) return x;
            }
            throw new GeneralSecurityException("no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new RtcException(ExitCodes.FAILURE, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustOnly(Path cacert) throws GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(cacert)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new UsageException("--cacert: cannot read " + cacert + ": " + e.getMessage());
        } catch (java.security.cert.CertificateException e) {
            throw new UsageException("--cacert: " + cacert + " holds no PEM certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) throw new UsageException("--cacert: " + cacert + " holds no PEM certificate");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate c : certs) store.setCertificateEntry("ca" + i++, c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) return x;
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }


    /** {@code -k}: every certificate is accepted. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
