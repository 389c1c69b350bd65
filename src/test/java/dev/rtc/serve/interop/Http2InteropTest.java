package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.ServeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rtc serve} over cleartext HTTP/2 with prior knowledge, as clients we did not write speak it: curl
 * ({@code --http2-prior-knowledge}) on every route, Node's {@code http2} with many SSE streams on one
 * connection, and nghttp showing the SETTINGS the server sends.
 */
@Timeout(value = 30, unit = SECONDS)
class Http2InteropTest {
    private static final Duration LINE = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(10);

    private Served served;

    @BeforeEach
    void start() {
        served = Served.start(ServeConfig.loopback().withHeartbeat(Duration.ZERO));
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    private static List<String> curl(String... args) {
        List<String> command = new ArrayList<>(List.of(Tool.curl(), "-sS", "--http2-prior-knowledge", "--max-time", "8"));
        command.addAll(List.of(args));
        return command;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /healthz     | 200 | ok
            GET  | /poll/news   | 200 | {"topic":"news","messages":[{"id":1,"data":"first","ts":"TS"}],"last_id":1}
            GET  | /topics      | 200 | "topic":"news"
            GET  | /metrics     | 200 | rtc_http_connections_total{protocol="h2"} 1
            GET  | /            | 200 | /sse/{topic}
            POST | /publish/news | 201 | {"topic":"news","id":2,
            GET  | /ws/news     | 426 | WebSocket needs HTTP/1.1
            """)
    void everyRequestRouteAnswersCurlOverHttp2(String method, String path, int status, String body) {
        served.publish("news", "first");

        Proc.Result r = Proc.run(RUN, curl("-X", method, "-w", "\n%{http_version} %{http_code}", served.http(path)));

        String out = r.out().replaceAll("\"ts\":\"[^\"]*\"", "\"ts\":\"TS\"");
        assertTrue(out.endsWith("\n2 " + status), "HTTP/2 and the status: " + out + r.err());
        assertTrue(out.contains(body), out);
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void longPollAnswersCurlOverHttp2WhenAMessageArrives() {
        try (Proc longpoll = Proc.start(curl("-w", "\n%{http_version} %{http_code}\n", served.http("/longpoll/news")))) {
            served.awaitSubscribers("news", "longpoll", 1, LINE);
            served.publish("news", "awaited");

            assertTrue(longpoll.nextLine(LINE).contains("\"data\":\"awaited\""));
            assertEquals("2 200", longpoll.nextLine(LINE));
        }
    }

    @ParameterizedTest
    @CsvSource({"/sse/news, data: live", "/stream/news, live"})
    void streamingRoutesDeliverToCurlOverHttp2(String path, String line) {
        try (Proc stream = Proc.start(curl("-N", "-D", "-", served.http(path)))) {
            assertEquals("HTTP/2 200", stream.nextLine(LINE).strip());
            served.awaitSubscribers("news", path.substring(1, path.indexOf('/', 1)), 1, LINE);
            served.publish("news", "live");

            for (int i = 0; i < 20; i++) {
                if (stream.nextLine(LINE).strip().equals(line)) return;
            }
            throw new AssertionError("no '" + line + "' in " + stream.stdout());
        }
    }

    @Test
    void nodeOpensTwentySseStreamsOnOneConnectionAndEachReceivesThePublish() {
        int n = 20;
        try (Proc node = Proc.start(Tool.node(), Tool.script("js/h2_sse_many.mjs").toString(), served.server.url(), "news",
                String.valueOf(n))) {
            served.awaitSubscribers("news", "sse", n, LINE);
            String metrics = served.get("/metrics");
            assertTrue(metrics.contains("rtc_http_connections_open{protocol=\"h2\"} 1\n"), metrics);
            assertTrue(metrics.contains("rtc_http2_streams_open " + n + "\n"), metrics);
            served.publish("news", "to every stream");

            List<String> lines = node.nextLines(n, LINE);
            assertEquals(IntStream.range(0, n).mapToObj(i -> i + " to every stream").sorted().toList(), lines.stream().sorted().toList());
            Proc.Result r = node.finish(RUN);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains("opened " + n + " streams on one connection"), r.err());
        }
    }

    @Test
    void nghttpShowsTheServersSettingsAndAResponse() {
        Proc.Result r = Proc.run(RUN, Tool.nghttp(), "-v", served.http("/healthz"));

        assertTrue(r.out().contains("recv SETTINGS frame"), r.out());
        assertTrue(r.out().contains("[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100]"), r.out());
        assertTrue(r.out().contains("[SETTINGS_MAX_HEADER_LIST_SIZE(0x06):16384]"), r.out());
        assertTrue(r.out().contains(":status: 200"), r.out());
        assertTrue(r.out().contains("ok\n"), r.out());
        assertEquals(0, r.exit(), r.err());
    }
}
