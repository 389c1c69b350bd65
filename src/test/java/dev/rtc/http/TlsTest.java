package dev.rtc.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rtc.Captured;
import dev.rtc.serve.LeakCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * https with a self-signed certificate made by the JDK's keytool, served by the JDK's own HttpsServer:
 * untrusted by default, trusted with --cacert, accepted blindly with -k.
 */
@Timeout(value = 60, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class TlsTest {
    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path certificate;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate tls = SelfSignedCertificate.in(dir);
        certificate = tls.pem();
        SSLContext ctx = tls.serverContext();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", exchange -> {
            byte[] body = "secret hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void anUntrustedCertificateFailsWithOneLineThatSaysWhatToDo() {
        Captured run = Captured.run("longpoll", url());

        assertEquals(1, run.exitCode());
        assertEquals("rtc: TLS handshake with 127.0.0.1:" + server.getAddress().getPort()
                + " failed: certificate not trusted (use --cacert FILE, or -k to skip the check)\n", run.err());
    }

    @Test
    void cacertTrustsTheServersCertificate() {
        Captured run = Captured.run("poll", url(), "-n", "1", "--cacert", certificate.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("secret hello\n", run.out());
    }

    @Test
    void insecureAcceptsItWithoutACacert() {
        Captured run = Captured.run("poll", url(), "-n", "1", "-k");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("secret hello\n", run.out());
    }

    @Test
    void aCacertThatIsNotACertificateIsAUsageError() throws Exception {
        Path junk = dir.resolve("junk.pem");
        java.nio.file.Files.writeString(junk, "not a certificate\n");

        Captured run = Captured.run("poll", url(), "--cacert", junk.toString());

        assertEquals(2, run.exitCode());
        assertEquals(true, run.err().startsWith("rtc: --cacert: " + junk + " holds no PEM certificate"), run.err());
    }
}
