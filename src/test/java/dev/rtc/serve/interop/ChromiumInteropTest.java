package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.ServeConfig;
import dev.rtc.tls.KeyMaterial;
import dev.rtc.tls.Openssl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code GET /} page in Debian's headless Chromium, driven by playwright-core: the live demo's
 * EventSource and WebSocket connect, and a message published over HTTP and one typed into the page's form
 * both appear in both logs; without a topic it starts on the live ticks. Leaves a screenshot in {@code target/interop/index-page.png} for a person.
 */
@Timeout(value = 60, unit = SECONDS)
class ChromiumInteropTest {
    private static final Path SCREENSHOT = Tool.PROJECT.resolve("target/interop/index-page.png");

    @Test
    void indexPageLiveDemoShowsPublishedMessagesInBothLogs() throws IOException {
        Tool.chromium();
        String node = Tool.node("playwright-core");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);

        try (Served served = Served.start(ServeConfig.loopback());
                Proc page = Proc.start(node, Tool.script("js/index_page.mjs").toString(), served.http(""),
                        SCREENSHOT.toString())) {
            Duration browser = Duration.ofSeconds(20);
            assertEquals(List.of(
                    "status 200 text/html; charset=utf-8",
                    "title rtc serve",
                    "sse open ws open",
                    "protocol http/1.1 more EventSources 0",
                    "ready"), page.nextLines(5, browser));

            served.publish("browser", "published over HTTP");

            assertEquals(List.of(
                    "sse log [\"#1 published over HTTP\"]",
                    "ws log [\"published over HTTP\"]",
                    "form published #2",
                    "sse log [\"#1 published over HTTP\",\"#2 typed in the browser\"]",
                    "ws log [\"published over HTTP\",\"typed in the browser\"]",
                    "problems []"), page.nextLines(6, browser));
            assertEquals(0, page.finish(browser).exit(), page.stderr());
        }
        assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + SCREENSHOT);
    }

    /**
     * Issue 13's browser check: over TLS, ALPN gives Chromium HTTP/2, and the page opens eight EventSources
     * more than a browser's six HTTP/1.1 connections would allow, all streams of one connection (its
     * WebSocket stays on a connection of its own over http/1.1), and every one receives.
     */
    @Test
    void indexPageOverHttp2OpensEightMoreEventSourcesOnOneConnectionAndAllReceive(@TempDir Path dir) throws Exception {
        Tool.chromium();
        String node = Tool.node("playwright-core");
        Openssl openssl = new Openssl(dir);
        Path cert = openssl.selfSigned("server", "ec");
        KeyMaterial identity = KeyMaterial.load(cert, openssl.file("server.key"));
        String spki = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(identity.certificate().getPublicKey().getEncoded()));

        try (Served served = Served.start(ServeConfig.loopback().withTls(new ServeConfig.Tls(identity)));
                Proc page = Proc.start(node, Tool.script("js/index_page_h2.mjs").toString(), served.http(""), spki)) {
            Duration browser = Duration.ofSeconds(25);
            assertEquals(List.of("status 200", "protocol h2 more EventSources 8", "ready"), page.nextLines(3, browser));
            String metrics = served.get("/metrics");
            assertTrue(metrics.contains("rtc_http_connections_open{protocol=\"h2\"} 1\n"), metrics);

            served.publish("many", "to every stream");

            assertEquals(List.of("received [\"open, 1 received, last #1\"]", "problems []"), page.nextLines(2, browser));
            assertEquals(0, page.finish(browser).exit(), page.stderr());
        }
    }

    @Test
    void indexPageStartsOnTheLiveTicksShowingRecentOnesAndPublishingKeepsTheMessageBox() {
        Tool.chromium();
        String node = Tool.node("playwright-core");

        try (Served served = Served.start(ServeConfig.loopback())) {
            for (int i = 1; i <= 7; i++) served.publish("ticks", "tick " + i);
            served.publish("other", "x");
            try (Proc page = Proc.start(node, Tool.script("js/index_page_live.mjs").toString(), served.http(""))) {
                Duration browser = Duration.ofSeconds(20);
                assertEquals(List.of(
                        "topic ticks",
                        "sse log [\"#3 tick 3\",\"#4 tick 4\",\"#5 tick 5\",\"#6 tick 6\",\"#7 tick 7\"]",
                        "ws log [\"tick 3\",\"tick 4\",\"tick 5\",\"tick 6\",\"tick 7\"]",
                        "picker [\"other\",\"ticks\"]",
                        "form published #8",
                        "message box kept its width",
                        "problems []"), page.nextLines(7, browser));
                assertEquals(0, page.finish(browser).exit(), page.stderr());
            }
        }
    }
}
