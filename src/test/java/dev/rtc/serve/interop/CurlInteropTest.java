package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.ServeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code rtc serve} as curl sees it: the plain-HTTP routes, byte for byte. */
@Timeout(value = 20, unit = SECONDS)
class CurlInteropTest {
    private static final Duration LINE = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(10);
    /** Small enough that the oversized cases need only a few kilobytes. */
    private static final int MAX_MESSAGE = 1024;

    private String curl;
    private Served served;

    @BeforeEach
    void start() {
        curl = Tool.curl();
        served = Served.start(ServeConfig.loopback().withHeartbeat(Duration.ZERO).withLimits(MAX_MESSAGE, 1 << 20));
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    private Proc.Result curl(String... args) {
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "--max-time", "8"));
        command.addAll(List.of(args));
        return Proc.run(RUN, command);
    }

    private Proc curlInBackground(String... args) {
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "-N", "--max-time", "8"));
        command.addAll(List.of(args));
        return Proc.start(command);
    }

    /** Timestamps differ on every run; everything else in a body is compared as it is. */
    private static String withoutTs(String body) {
        return body.replaceAll("\"ts\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", "\"ts\":\"TS\"");
    }

    @Test
    void publishRepliesCreatedWithIdAndSubscriberCounts() {
        Proc.Result first = curl("-w", "\n%{http_code} %{content_type}\n", "-d", "hello", served.http("/publish/news"));
        Proc.Result second = curl("-w", "\n%{http_code}\n", "--data-binary", "@-", served.http("/publish/news"));

        assertEquals("""
                {"topic":"news","id":1,"subscribers":{"poll":0,"longpoll":0,"stream":0,"sse":0,"ws":0}}
                201 application/json
                """, first.out());
        assertEquals("""
                {"topic":"news","id":2,"subscribers":{"poll":0,"longpoll":0,"stream":0,"sse":0,"ws":0}}
                201
                """, second.out(), "an empty body is a message too");
        assertEquals(0, first.exit(), first.err());
    }

    @Test
    void sseDeliversEachMessageToCurlAsItIsPublished() {
        try (Proc sse = curlInBackground("-D", "-", served.http("/sse/news"))) {
            assertEquals(List.of(
                    "HTTP/1.1 200 OK\r",
                    "content-type: text/event-stream; charset=utf-8\r",
                    "transfer-encoding: chunked\r",
                    "cache-control: no-cache\r",
                    "X-Accel-Buffering: no\r",
                    "\r",
                    "retry: 2000",
                    ""), sse.nextLines(8, LINE), "headers and retry: come at once, before any message");
            served.awaitSubscribers("news", "sse", 1, LINE);

            served.publish("news", "hello");
            served.publish("news", "two\nlines");

            assertEquals(List.of("id: 1", "data: hello", "", "id: 2", "data: two", "data: lines", ""),
                    sse.nextLines(7, LINE));
        }
    }

    @Test
    void sseResumesAfterLastEventIdHeaderWhichWinsOverSince() {
        served.publish("news", "a");
        served.publish("news", "b");
        served.publish("news", "c");

        try (Proc sse = curlInBackground("-H", "Last-Event-ID: 1", served.http("/sse/news?since=0"))) {
            assertEquals(List.of("retry: 2000", "", "id: 2", "data: b", "", "id: 3", "data: c", ""),
                    sse.nextLines(8, LINE));
        }
    }

    @Test
    void sseMarksTheGapWhenLastEventIdIsOlderThanHistory() {
        if (served != null) served.close();
        served = Served.start(ServeConfig.loopback().withHeartbeat(Duration.ZERO).withHistory(2));
        for (String m : List.of("a", "b", "c", "d")) served.publish("news", m);

        try (Proc sse = curlInBackground("-D", "-", "-H", "Last-Event-ID: 0", served.http("/sse/news"))) {
            List<String> lines = sse.nextLines(18, LINE);
            assertEquals("x-rtc-missed: 2\r", lines.get(5).toLowerCase(java.util.Locale.ROOT));
            assertEquals(List.of("retry: 2000", "", "event: rtc-gap",
                    "data: {\"missed\":2,\"since\":0,\"resumed_after\":2}", "",
                    "id: 3", "data: c", "", "id: 4", "data: d", ""), lines.subList(7, 18));
        }
    }

    @Test
    void sseSendsHeartbeatComments() {
        if (served != null) served.close();
        served = Served.start(ServeConfig.loopback().withHeartbeat(Duration.ofMillis(100)));

        try (Proc sse = curlInBackground(served.http("/sse/news"))) {
            assertEquals(List.of("retry: 2000", "", ":", "", ":", ""), sse.nextLines(6, LINE));
        }
    }

    @Test
    void streamIsChunkedWithALinePerMessageTheBacklogInOneChunkEachLiveMessageInItsOwn() {
        served.publish("news", "hello");
        served.publish("news", "two\nlines");

        try (Proc stream = curlInBackground("--raw", "-D", "-", served.http("/stream/news?since=0"))) {
            assertEquals(List.of(
                    "HTTP/1.1 200 OK\r",
                    "content-type: text/plain; charset=utf-8\r",
                    "transfer-encoding: chunked\r",
                    "cache-control: no-cache\r",
                    "X-Content-Type-Options: nosniff\r",
                    "\r",
                    "10\r", "hello", "two", "lines", "\r"), stream.nextLines(11, LINE),
                    "the backlog in one chunk, each message ending in \\n");
            served.publish("news", "live");
            assertEquals(List.of("5\r", "live", "\r"), stream.nextLines(3, LINE));
        }
    }

    @Test
    void streamInNdjsonFormatSendsMessageObjects() {
        served.publish("news", "hello");

        try (Proc stream = curlInBackground(served.http("/stream/news?since=0&format=ndjson"))) {
            assertEquals("{\"id\":1,\"data\":\"hello\",\"ts\":\"TS\"}", withoutTs(stream.nextLine(LINE)));
            served.publish("news", new String(new byte[] {'q', '"', '\\'}, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("{\"id\":2,\"data\":\"q\\\"\\\\\",\"ts\":\"TS\"}", withoutTs(stream.nextLine(LINE)));
        }
    }

    @Test
    void pollAnswersCurlsEtagCompareWith304UntilTheTopicChanges(@TempDir Path dir) throws IOException {
        Path etag = dir.resolve("etag");
        served.publish("news", "one");
        String url = served.http("/poll/news");

        Proc.Result first = curl("--etag-save", etag.toString(), "-w", "\n%{http_code}\n", url);
        Proc.Result unchanged = curl("--etag-compare", etag.toString(), "-w", "%{http_code} %{size_download}\n", url);
        served.publish("news", "two");
        Proc.Result changed = curl("--etag-compare", etag.toString(), "-D", "-", url);

        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":1,\"data\":\"one\",\"ts\":\"TS\"}],\"last_id\":1}\n200\n",
                withoutTs(first.out()));
        assertEquals("\"1\"\n", Files.readString(etag));
        assertEquals("304 0\n", unchanged.out());
        assertEquals("""
                HTTP/1.1 200 OK\r
                content-type: application/json\r
                etag: "2"\r
                cache-control: no-cache\r
                content-length: 95\r
                \r
                {"topic":"news","messages":[{"id":2,"data":"two","ts":"TS"}],"last_id":2}""", withoutTs(changed.out()));
    }

    @Test
    void pollSinceAndLimitPage() {
        for (String m : List.of("a", "b", "c")) served.publish("news", m);

        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":2,\"data\":\"b\",\"ts\":\"TS\"}],\"last_id\":2}",
                withoutTs(curl(served.http("/poll/news?since=1&limit=1")).out()));
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":3}", curl(served.http("/poll/news?since=3")).out());
    }

    @Test
    void longpollAnswers204WhenTimeoutPassesFirst() {
        long start = System.nanoTime();
        Proc.Result r = curl("-w", "%{http_code} %{size_download}", served.http("/longpoll/news?since=0&timeout=300ms"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("204 0", r.out());
        assertTrue(tookMillis >= 300, "answered after " + tookMillis + "ms, before the 300ms timeout");
    }

    @Test
    void longpollAnswersAsSoonAsTheNextMessageIsPublished() {
        served.publish("news", "old");
        try (Proc longpoll = curlInBackground("-w", "\n%{http_code}\n", served.http("/longpoll/news"))) {
            served.awaitSubscribers("news", "longpoll", 1, LINE);
            served.publish("news", "new");

            assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":2,\"data\":\"new\",\"ts\":\"TS\"}],\"last_id\":2}\n200\n",
                    withoutTs(longpoll.finish(RUN).out()));
        }
    }

    @Test
    void indexIsPlainTextForCurlAndHtmlForBrowsers() {
        Proc.Result text = curl("-w", "%{content_type}", served.http("/"));
        Proc.Result html = curl("-H", "Accept: text/html,application/xhtml+xml", "-w", "%{content_type}", served.http("/"));

        assertTrue(text.out().startsWith("rtc serve: one port, every real-time technique, one topic space.\n"), text.out());
        assertTrue(text.out().contains("Try:  curl -N http://127.0.0.1:" + served.port() + "/sse/news"), text.out());
        assertTrue(text.out().endsWith("\ntext/plain; charset=utf-8"), text.out());
        assertTrue(html.out().startsWith("<!doctype html>\n"), html.out());
        assertTrue(html.out().endsWith("</html>\ntext/html; charset=utf-8"), html.out());
    }

    static Stream<Arguments> badRequests() {
        String big = "a".repeat(MAX_MESSAGE + 1);
        return Stream.of(
                Arguments.of("invalid topic", List.of("/poll/bad%20topic"), 400,
                        "{\"error\":\"invalid topic 'bad topic': use 1 to 128 of A-Z a-z 0-9 . _ ~ -\",\"status\":400}"),
                Arguments.of("negative since", List.of("/poll/news?since=-1"), 400,
                        "{\"error\":\"since must be a non-negative integer, got '-1'\",\"status\":400}"),
                Arguments.of("unknown stream format", List.of("/stream/news?format=xml"), 400,
                        "{\"error\":\"format must be text or ndjson, got 'xml'\",\"status\":400}"),
                Arguments.of("unknown route", List.of("/nope"), 404,
                        "{\"error\":\"no route for /nope (GET / lists the routes)\",\"status\":404}"),
                Arguments.of("wrong method", List.of("-X", "DELETE", "/publish/news"), 405,
                        "{\"error\":\"DELETE is not allowed on /publish/news; use POST\",\"status\":405}"),
                Arguments.of("WebSocket route without upgrade", List.of("/ws/news"), 426,
                        "{\"error\":\"/ws/news is a WebSocket endpoint: connect with ws://\",\"status\":426}"),
                Arguments.of("malformed request line", List.of("-X", "GE T", "/poll/news"), 400,
                        "{\"error\":\"malformed HTTP request\",\"status\":400}"),
                Arguments.of("malformed Content-Length", List.of("-H", "Content-Length: abc", "/poll/news"), 400,
                        "{\"error\":\"malformed HTTP request\",\"status\":400}"),
                Arguments.of("request line too long", List.of("/poll/" + "a".repeat(9000)), 414,
                        "{\"error\":\"request line or headers too long\",\"status\":414}"),
                Arguments.of("header too large", List.of("-H", "X-Big: " + "a".repeat(20000), "/poll/news"), 431,
                        "{\"error\":\"request line or headers too long\",\"status\":431}"),
                Arguments.of("body over --max-message-size", List.of("-H", "Expect:", "-d", big, "/publish/news"), 413,
                        "{\"error\":\"message larger than --max-message-size (1024 bytes)\",\"status\":413}"),
                Arguments.of("body over --max-message-size, announced with Expect: 100-continue",
                        List.of("-H", "Expect: 100-continue", "-d", big, "/publish/news"), 413,
                        "{\"error\":\"message larger than --max-message-size (1024 bytes)\",\"status\":413}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void rejectsMalformedAndOversizedRequestsWithJsonErrors(String why, List<String> args, int status, String body) {
        List<String> command = new ArrayList<>(List.of("-w", "\n%{http_code} %{content_type}"));
        command.addAll(args.subList(0, args.size() - 1));
        command.add(served.http(args.get(args.size() - 1)));

        Proc.Result r = curl(command.toArray(String[]::new));

        assertEquals(body + "\n" + status + " application/json", r.out(), why);
        assertEquals("{\"topics\":[]}", served.get("/topics").replaceAll("\\{\"topic\":\"news\"[^]]*", ""),
                "a rejected request publishes nothing");
        assertEquals("ok\n", served.get("/healthz"), "the server still answers");
    }
}
