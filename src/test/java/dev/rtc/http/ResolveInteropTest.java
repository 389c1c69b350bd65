package dev.rtc.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.Captured;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resolve example.test:PORT:127.0.0.1} against Node servers whose certificate (made by openssl) names
 * example.test only: the connection goes to loopback, while the Host header, TLS's server name and the
 * certificate check keep the URL's host. example.test is a reserved name no DNS answers, so these runs
 * succeed only if rtc never asks DNS.
 */
@Timeout(value = 60, unit = SECONDS)
class ResolveInteropTest {
    @TempDir
    static Path dir;

    private static OpensslCertificates certs;
    private static NodeServer h2;
    private static NodeServer https;

    @BeforeAll
    static void start() {
        certs = OpensslCertificates.in(dir);
        OpensslCertificates.Issued server = certs.issue("example.test", "DNS:example.test");
        h2 = NodeServer.start("h2", server.cert(), server.key());
        https = NodeServer.start("https", server.cert(), server.key());
    }

    @AfterAll
    static void stop() {
        if (h2 != null) h2.close();
        if (https != null) https.close();
    }

    private static String resolve(NodeServer s) {
        return "example.test:" + s.port() + ":127.0.0.1";
    }

    @Test
    void pollReachesTheAddressWithTheUrlsHostInHostAndTls() {
        Captured run = Captured.run("poll", "--resolve", resolve(h2), "--cacert", certs.ca().toString(), "-n", "1",
                "https://example.test:" + h2.port() + "/poll");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("poll over HTTP/2 to example.test:" + h2.port() + "\n", run.out());
    }

    @Test
    void sseOverHttp2WithResolve() {
        Captured run = Captured.run("sse", "--http2", "--resolve", resolve(h2), "--cacert", certs.ca().toString(),
                "-n", "2", "https://example.test:" + h2.port() + "/sse");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("one over HTTP/2\ntwo over HTTP/2\n", run.out());
    }

    @Test
    void wsOverWssWithResolve() {
        Captured run = Captured.run("ws", "--resolve", resolve(https), "--cacert", certs.ca().toString(), "-n", "1",
                "wss://example.test:" + https.port() + "/ws");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("hello over wss\n", run.out());
    }

    @Test
    void theCertificateNamesOnlyExampleTestSoTheRunsAboveCheckedTheUrlsHost() {
        Captured run = Captured.run("poll", "--resolve", resolve(h2), "--cacert", certs.ca().toString(), "-n", "1",
                "https://127.0.0.1:" + h2.port() + "/poll");

        assertEquals(1, run.exitCode());
        assertEquals("rtc: TLS with 127.0.0.1:" + h2.port() + " failed: the certificate does not name 127.0.0.1 (-k skips the check)\n",
                run.err());
    }
}
