package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.ServeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
