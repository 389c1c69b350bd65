package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.serve.ServeConfig;
import dev.rtc.tls.KeyMaterial;
import dev.rtc.tls.Openssl;
import dev.rtc.tls.Pem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rtc serve} over TLS as clients we did not write see it (curl, Python's ssl, openssl s_client), and
 * as rtc's own clients do with {@code --cacert}: every route on https:// and wss://, ALPN, client certificates.
 */
@Timeout(value = 30, unit = SECONDS)
class TlsInteropTest {
    private static final Duration LINE = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Openssl openssl;
    private String curl;
    private Path cert;
    private Served served;

    @BeforeEach
    void start() {
        curl = Tool.curl();
        openssl = new Openssl(dir);
        cert = openssl.selfSigned("server", "ec");
        served = Served.start(ServeConfig.loopback().withHeartbeat(Duration.ZERO)
                .withTls(new ServeConfig.Tls(KeyMaterial.load(cert, openssl.file("server.key")))));
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    private Proc.Result curl(String... args) {
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "--max-time", "8", "--cacert", cert.toString()));
        command.addAll(List.of(args));
        return Proc.run(RUN, command);
    }

    @Test
    void curlReachesTheRequestRoutesOverHttpsTrustingTheCertificateFile() {
        assertTrue(served.http("").startsWith("https://127.0.0.1:"), served.http(""));

        Proc.Result health = curl("--http1.1", "-w", "%{http_version} %{http_code}\n", served.http("/healthz"));
        Proc.Result publish = curl("-d", "hello", served.http("/publish/news"));
        Proc.Result poll = curl(served.http("/poll/news?since=0"));
        Proc.Result byName = curl("https://localhost:" + served.port() + "/healthz");

        assertEquals("ok\n1.1 200\n", health.out(), health.err());
        assertTrue(publish.out().startsWith("{\"topic\":\"news\",\"id\":1,"), publish.out() + publish.err());
        assertTrue(poll.out().contains("\"data\":\"hello\""), poll.out());
        assertEquals("ok\n", byName.out(), byName.err());
    }

    @Test
    void curlReadsServerSentEventsOverHttpsAsTheyArePublished() {
        try (Proc sse = Proc.start(curl, "-sS", "-N", "--max-time", "8", "--cacert", cert.toString(), served.http("/sse/news"))) {
            assertEquals(List.of("retry: 2000", ""), sse.nextLines(2, LINE));
            served.awaitSubscribers("news", "sse", 1, LINE);

            served.publish("news", "over tls");

            assertEquals(List.of("id: 1", "data: over tls", ""), sse.nextLines(3, LINE));
        }
    }

    @Test
    void curlWithoutTheCertificateFileIsRefusedAndPlainHttpIsToldToUseHttps() {
        Proc.Result untrusted = Proc.run(RUN, curl, "-sS", "--max-time", "8", served.http("/healthz"));
        Proc.Result plain = Proc.run(RUN, curl, "-sS", "--max-time", "8", "-w", "\n%{http_code}\n", "http://127.0.0.1:" + served.port() + "/healthz");

        assertEquals(60, untrusted.exit(), "curl: peer certificate cannot be authenticated: " + untrusted.err());
        assertEquals("""
                {"error":"this port speaks TLS: use https:// (or wss://)","status":400}
                400
                """, plain.out(), plain.err());
        assertEquals("ok\n", served.get("/healthz"), "the server is still up");
    }

    @Test
    void pythonsSslModuleVerifiesTheServerWithTheCertificateFile() {
        Proc.Result r = Proc.run(RUN, Tool.plainPython(), "-c", """
                import ssl, sys, urllib.request
                ctx = ssl.create_default_context(cafile=sys.argv[1])
                with urllib.request.urlopen(sys.argv[2], context=ctx) as r:
                    print(r.status, r.read().decode(), end="")
                """, cert.toString(), served.http("/healthz"));

        assertEquals("200 ok\n", r.out(), r.err());
    }

    @Test
    void opensslSClientNegotiatesH2OrHttp11ThroughAlpnAsOffered() {
        Proc.Result both = sClient("h2,http/1.1");
        Proc.Result h1 = sClient("http/1.1");

        assertTrue(both.out().contains("ALPN protocol: h2"), both.out());
        assertTrue(both.out().contains("Verify return code: 0 (ok)"), both.out());
        assertTrue(h1.out().contains("ALPN protocol: http/1.1"), h1.out());
    }

    private Proc.Result sClient(String alpn) {
        return Proc.run(RUN, "sh", "-c", "echo | \"$0\" s_client -connect 127.0.0.1:\"$1\" -alpn \"$3\" -CAfile \"$2\" -verify_return_error",
                Tool.openssl(), Integer.toString(served.port()), cert.toString(), alpn);
    }

    @Test
    void curlSpeaksHttp2ThroughAlpnOnEveryRequestRouteAndReadsSseOnOneConnection() {
        served.publish("news", "first");

        Proc.Result health = curl("-w", "%{http_version} %{http_code}\n", served.http("/healthz"));
        Proc.Result poll = curl("--http2", "-w", "\n%{http_version}\n", served.http("/poll/news?since=0"));
        try (Proc sse = Proc.start(curl, "-sS", "-N", "--http2", "--max-time", "8", "--cacert", cert.toString(), served.http("/sse/news?since=0"))) {
            assertEquals(List.of("retry: 2000", "", "id: 1", "data: first", ""), sse.nextLines(5, LINE));
            served.publish("news", "second");
            assertEquals(List.of("id: 2", "data: second", ""), sse.nextLines(3, LINE));
            assertTrue(served.get("/metrics").contains("rtc_http_connections_open{protocol=\"h2\"} 1"), served.get("/metrics"));
        }

        assertEquals("ok\n2 200\n", health.out(), health.err());
        assertTrue(poll.out().contains("\"data\":\"first\"") && poll.out().endsWith("\n2\n"), poll.out() + poll.err());
    }

    @Test
    void nodesHttp2ClientOpensTenSseStreamsOnOneTlsConnectionThroughAlpn() {
        int n = 10;
        try (Proc node = Proc.start(Tool.node(), Tool.script("js/h2_sse_many.mjs").toString(), served.http(""), "news",
                String.valueOf(n), cert.toString())) {
            served.awaitSubscribers("news", "sse", n, LINE);
            assertTrue(served.get("/metrics").contains("rtc_http2_streams_open " + n + "\n"), served.get("/metrics"));
            served.publish("news", "over h2 and tls");

            List<String> lines = node.nextLines(n, LINE);
            assertEquals(IntStream.range(0, n).mapToObj(i -> i + " over h2 and tls").sorted().toList(), lines.stream().sorted().toList());
            assertEquals(0, node.finish(RUN).exit(), node.stderr());
        }
    }

    @Test
    void rtcSseWithHttp2NegotiatesH2AndRtcWsStaysOnHttp11() {
        served.publish("news", "first");

        Captured sse = Captured.run("sse", "--http2", "-v", "--cacert", cert.toString(), "-n", "1", served.http("/sse/news?since=0"));
        Captured ws = Captured.run("ws", "--cacert", cert.toString(), "-n", "1", "wss://127.0.0.1:" + served.port() + "/ws/news?since=0");

        assertEquals(List.of(0, "first\n"), List.of(sse.exitCode(), sse.out()), sse.err());
        assertTrue(sse.err().contains("HTTP/2"), sse.err());
        assertEquals(List.of(0, "first\n"), List.of(ws.exitCode(), ws.out()), ws.err());
    }

    @Test
    void rtcSseAndRtcWsTrustTheServerThroughCacert() {
        served.publish("news", "first");

        Captured sse = Captured.run("sse", "--cacert", cert.toString(), "-n", "1", served.http("/sse/news?since=0"));
        Captured echo = Captured.run("ws", "--cacert", cert.toString(), "-x", "hello", "-n", "1", "wss://127.0.0.1:" + served.port() + "/echo");
        Captured topic = Captured.run("ws", "--cacert", cert.toString(), "-n", "1", "wss://localhost:" + served.port() + "/ws/news?since=0");

        assertEquals(List.of(0, "first\n"), List.of(sse.exitCode(), sse.out()), sse.err());
        assertEquals(List.of(0, "hello\n"), List.of(echo.exitCode(), echo.out()), echo.err());
        assertEquals(List.of(0, "first\n"), List.of(topic.exitCode(), topic.out()), topic.err());
    }

    @Test
    void aClientCaRefusesClientsWithoutACertificateItSigned() {
        served.close();
        openssl.selfSigned("clients", "ec");
        openssl.signedBy("alice", "clients");
        openssl.selfSigned("stranger", "ec");
        served = Served.start(ServeConfig.loopback().withTls(new ServeConfig.Tls(KeyMaterial.load(cert, openssl.file("server.key")),
                Pem.certificates(openssl.file("clients.crt")))));
        String url = served.http("/healthz");

        Proc.Result without = curl(url);
        Proc.Result stranger = curl("--cert", openssl.file("stranger.crt").toString(), "--key", openssl.file("stranger.key").toString(), url);
        Proc.Result alice = curl("--cert", openssl.file("alice.crt").toString(), "--key", openssl.file("alice.key").toString(), url);

        assertNotEquals(0, without.exit(), "no client certificate: " + without.out());
        assertNotEquals(0, stranger.exit(), "a certificate the CA did not sign: " + stranger.out());
        assertEquals("ok\n", alice.out(), alice.err());
    }
}
