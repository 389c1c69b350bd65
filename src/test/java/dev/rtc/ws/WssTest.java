package dev.rtc.ws;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.Captured;
import dev.rtc.http.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// with a self-signed certificate made by the JDK's keytool, served by Java-WebSocket's own
 * server: untrusted by default, trusted with --cacert, accepted blindly with -k.
 */
@Timeout(value = 60, unit = SECONDS)
class WssTest {
    @TempDir
    static Path dir;

    private static Path certificate;
    private static WebSocketServer server;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate tls = SelfSignedCertificate.in(dir);
        certificate = tls.pem();
        SSLContext ctx = tls.serverContext();

        CountDownLatch started = new CountDownLatch(1);
        server = new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
            @Override
            public void onOpen(WebSocket conn, ClientHandshake handshake) {}

            @Override
            public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

            @Override
            public void onMessage(WebSocket conn, String message) {
                conn.send(message);
            }

            @Override
            public void onMessage(WebSocket conn, ByteBuffer message) {
                conn.send(message);
            }

            @Override
            public void onError(WebSocket conn, Exception ex) {}

            @Override
            public void onStart() {
                started.countDown();
            }
        };
        server.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(ctx));
        server.setDaemon(true);
        server.start();
        started.await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.stop(1000);
    }

    private static String url() {
        return "wss://127.0.0.1:" + server.getPort() + "/";
    }

    @Test
    void anUntrustedCertificateIsExit1WithAHint() {
        assertEquals(new Captured(1, "", "rtc: TLS handshake with 127.0.0.1:" + server.getPort()
                + " failed: certificate not trusted (use --cacert FILE, or -k to skip the check)\n"),
                WsRun.run("", url(), "-x", "hi", "-n", "1"));
    }

    @Test
    void cacertTrustsTheServersCertificate() {
        assertEquals(new Captured(0, "hi\n", ""), WsRun.run("", url(), "--cacert", certificate.toString(), "-x", "hi", "-n", "1"));
    }

    @Test
    void insecureAcceptsAnyCertificate() {
        assertEquals(new Captured(0, "hi\n", ""), WsRun.run("", "wss://localhost:" + server.getPort() + "/", "-k", "-x", "hi", "-n", "1"));
    }
}
