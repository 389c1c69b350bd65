package dev.rtc.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --http2} and {@code --http1.1} against servers we did not write: Node's http2 module over TLS (h2
 * and http/1.1 through ALPN) and in cleartext (prior knowledge only), Node's https (http/1.1 only), and
 * HTTP/1.1-only cleartext servers (Node's http, Python's http.server). Certificates made by openssl.
 */
@Timeout(value = 60, unit = SECONDS)
class HttpVersionInteropTest {
    @TempDir
    static Path dir;

    private static OpensslCertificates certs;
    private static NodeServer h2;

    @BeforeAll
    static void start() {
        certs = OpensslCertificates.in(dir);
        OpensslCertificates.Issued server = certs.issue("127.0.0.1", "IP:127.0.0.1");
        h2 = NodeServer.start("h2", server.cert(), server.key());
    }

    @AfterAll
    static void stop() {
        if (h2 != null) h2.close();
    }

    private static String h2(String path) {
        return "https://127.0.0.1:" + h2.port() + path;
    }

    @Test
    void sseWithHttp2NegotiatesHttp2ThroughAlpnAndVerboseSaysSo() {
        Captured run = Captured.run("sse", "--http2", "--cacert", certs.ca().toString(), "-n", "2", "-v", h2("/sse"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("one over HTTP/2\ntwo over HTTP/2\n", run.out());
        assertTrue(run.err().contains("> GET /sse HTTP/2\n"), run.err());
        assertTrue(run.err().contains("\n< HTTP/2 200\n"), run.err());
        assertFalse(run.err().contains("> Connection:"), "HTTP/2 sends no Connection header: " + run.err());
    }

    @Test
    void sseWithHttp11OffersOnlyHttp11() {
        Captured run = Captured.run("sse", "--http1.1", "--cacert", certs.ca().toString(), "-n", "2", "-v", h2("/sse"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("one over HTTP/1.1\ntwo over HTTP/1.1\n", run.out());
        assertTrue(run.err().contains("\n< HTTP/1.1 200 OK\n"), run.err());
    }

    @Test
    void withoutEitherOptionHttpsOffersHttp2AsOkHttpDoes() {
        Captured run = Captured.run("poll", "--cacert", certs.ca().toString(), "-n", "1", h2("/poll"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("poll over HTTP/2 to 127.0.0.1:" + h2.port() + "\n", run.out());
    }

    @Test
    void http2FallsBackToHttp11WhenTheTlsServerDoesNotOfferH2() {
        OpensslCertificates.Issued server = certs.issue("127.0.0.1", "IP:127.0.0.1");
        try (NodeServer https = NodeServer.start("https", server.cert(), server.key())) {
            Captured run = Captured.run("poll", "--http2", "--cacert", certs.ca().toString(), "-n", "1", "-v",
                    "https://127.0.0.1:" + https.port() + "/poll");

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("poll over HTTP/1.1 to 127.0.0.1:" + https.port() + "\n", run.out());
            assertTrue(run.err().contains("\n< HTTP/1.1 200 OK\n"), run.err());
        }
    }

    @Test
    void http2OverHttpSpeaksItWithPriorKnowledge() {
        try (NodeServer h2c = NodeServer.start("h2c")) {
            String url = "http://127.0.0.1:" + h2c.port() + "/poll";

            Captured run = Captured.run("poll", "--http2", "-n", "1", "-v", url);

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("poll over HTTP/2 to 127.0.0.1:" + h2c.port() + "\n", run.out());
            assertTrue(run.err().contains("\n< HTTP/2 200\n"), run.err());
            Captured sse = Captured.run("sse", "--http2", "-n", "2", "http://127.0.0.1:" + h2c.port() + "/sse");
            assertEquals("one over HTTP/2\ntwo over HTTP/2\n", sse.out(), sse.err());
        }
    }

    @Test
    void http2OverHttpToNodesHttp11ServerIsOneLineExit1() {
        try (NodeServer http = NodeServer.start("http")) {
            assertNotHttp2(http.port(), "poll");
            assertNotHttp2(http.port(), "sse");
        }
    }

    @Test
    void http2OverHttpToPythonsHttpServerIsOneLineExit1() {
        try (Proc python = Proc.start(Tool.plainPython(), "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                "--directory", dir.toString())) {
            String line = python.nextLine(Duration.ofSeconds(10)); // Serving HTTP on 127.0.0.1 port N (http://…) ...
            int port = Integer.parseInt(line.replaceAll(".* port (\\d+) .*", "$1"));
            assertNotHttp2(port, "longpoll");
            assertNotHttp2(port, "stream");
        }
    }

    private static void assertNotHttp2(int port, String command) {
        Captured run = Captured.run(command, "--http2", "http://127.0.0.1:" + port + "/poll");

        assertEquals("rtc: http://127.0.0.1:" + port + " does not speak HTTP/2 (prior knowledge): try without --http2\n",
                run.err(), command);
        assertEquals(1, run.exitCode(), command);
    }

    @Test
    void http2AndHttp11TogetherAreAUsageError() {
        Captured run = Captured.run("stream", "--http2", "--http1.1", h2("/sse"));

        assertEquals(2, run.exitCode());
        assertEquals("rtc: --http2 and --http1.1 cannot be used together (see 'rtc stream --help')\n", run.err());
    }
}
