package dev.rtc.serve;

import static dev.rtc.serve.TestServer.withoutTs;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request/response routes of SPEC.md's serve table: publish, poll, longpoll, topics, health, metrics, index, echo. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 10, unit = SECONDS)
class RequestRoutesTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer t;
    private Http http;

    @BeforeEach
    void start() {
        t = server.get();
        http = t.http;
    }


    @Test
    void publishAnswers201WithTheIdAndSubscribersPerTechnique() throws Exception {
        HttpResponse<String> first = http.post("/publish/news", "hello");
        HttpResponse<String> second = http.post("/publish/news", "world");

        assertEquals(201, first.statusCode());
        assertEquals("application/json", first.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"topic\":\"news\",\"id\":1,\"subscribers\":{\"poll\":0,\"longpoll\":0,\"stream\":0,\"sse\":0,\"ws\":0}}",
                first.body());
        assertEquals("{\"topic\":\"news\",\"id\":2,\"subscribers\":{\"poll\":0,\"longpoll\":0,\"stream\":0,\"sse\":0,\"ws\":0}}",
                second.body());
    }

    @Test
    void idsArePerTopic() throws Exception {
        http.post("/publish/a", "1");
        http.post("/publish/a", "2");

        assertEquals("{\"topic\":\"b\",\"id\":1,\"subscribers\":{\"poll\":0,\"longpoll\":0,\"stream\":0,\"sse\":0,\"ws\":0}}",
                http.post("/publish/b", "1").body());
    }

    @Test
    void publishCountsTheSubscribersItReached() throws Exception {
        StreamRecorder sse = http.stream("/sse/news");
        StreamRecorder stream = http.stream("/stream/news");
        WsRecorder ws = http.ws("/ws/news");
        http.get("/poll/news");
        t.awaitSubscribers("news", "sse", 1);
        t.awaitSubscribers("news", "stream", 1);
        t.awaitSubscribers("news", "ws", 1);

        assertEquals("{\"topic\":\"news\",\"id\":1,\"subscribers\":{\"poll\":1,\"longpoll\":0,\"stream\":1,\"sse\":1,\"ws\":1}}",
                http.post("/publish/news", "hi").body());
        ws.expect("text hi");
        sse.cancel();
        stream.cancel();
        ws.close();
    }

    @Test
    void pollWithoutSinceReturnsOnlyTheLatestMessage() throws Exception {
        http.post("/publish/news", "one");
        http.post("/publish/news", "two");

        HttpResponse<String> r = http.get("/poll/news");

        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("\"2\"", r.headers().firstValue("etag").orElseThrow());
        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":2,\"data\":\"two\",\"ts\":\"TS\"}],\"last_id\":2}",
                withoutTs(r.body()));
    }

    @Test
    void pollWithSinceAndLimitPagesThroughTheHistory() throws Exception {
        for (String s : new String[] {"a", "b", "c", "d"}) http.post("/publish/news", s);

        HttpResponse<String> page = http.get("/poll/news?since=1&limit=2");

        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":2,\"data\":\"b\",\"ts\":\"TS\"},{\"id\":3,\"data\":\"c\",\"ts\":\"TS\"}],\"last_id\":3}",
                withoutTs(page.body()));
        assertEquals("\"3\"", page.headers().firstValue("etag").orElseThrow());
        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":4,\"data\":\"d\",\"ts\":\"TS\"}],\"last_id\":4}",
                withoutTs(http.get("/poll/news?since=3&limit=2").body()));
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":4}", http.get("/poll/news?since=4").body());
    }

    @Test
    void pollOfAnEmptyTopicIsAnEmptyListAtIdZero() throws Exception {
        HttpResponse<String> r = http.get("/poll/quiet");

        assertEquals(200, r.statusCode());
        assertEquals("\"0\"", r.headers().firstValue("etag").orElseThrow());
        assertEquals("{\"topic\":\"quiet\",\"messages\":[],\"last_id\":0}", r.body());
    }

    @Test
    void pollAnswers304WhileTheEtagStillMatches() throws Exception {
        http.post("/publish/news", "one");

        HttpResponse<String> same = http.get("/poll/news", "If-None-Match", "\"1\"");
        http.post("/publish/news", "two");
        HttpResponse<String> changed = http.get("/poll/news", "If-None-Match", "\"1\"");

        assertEquals(304, same.statusCode());
        assertEquals("\"1\"", same.headers().firstValue("etag").orElseThrow());
        assertEquals("", same.body());
        assertEquals(200, changed.statusCode());
        assertEquals("\"2\"", changed.headers().firstValue("etag").orElseThrow());
    }

    @Test
    void pollRejectsASinceThatIsNotAnId() throws Exception {
        HttpResponse<String> r = http.get("/poll/news?since=yesterday");

        assertEquals(400, r.statusCode());
        assertEquals("{\"error\":\"since must be a non-negative integer, got 'yesterday'\",\"status\":400}", r.body());
    }

    @Test
    void longpollAnswersAtOnceWhenAMessageAfterSinceExists() throws Exception {
        http.post("/publish/news", "waiting for you");

        long start = System.nanoTime();
        HttpResponse<String> r = http.get("/longpoll/news?since=0");

        assertEquals(200, r.statusCode());
        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":1,\"data\":\"waiting for you\",\"ts\":\"TS\"}],\"last_id\":1}",
                withoutTs(r.body()));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000, "answered at once");
    }

    @Test
    void longpollWithoutSinceWaitsForTheNextNewMessage() throws Exception {
        http.post("/publish/news", "old news");
        CompletableFuture<HttpResponse<String>> waiting = http.client.sendAsync(
                http.request("/longpoll/news").GET().build(), HttpResponse.BodyHandlers.ofString());
        t.awaitSubscribers("news", "longpoll", 1);

        assertEquals(false, waiting.isDone());
        http.post("/publish/news", "fresh");
        HttpResponse<String> r = waiting.get(5, SECONDS);

        assertEquals(200, r.statusCode());
        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":2,\"data\":\"fresh\",\"ts\":\"TS\"}],\"last_id\":2}",
                withoutTs(r.body()));
        t.awaitSubscribers("news", "longpoll", 0);
    }

    @Test
    void longpollAnswers204WhenTheTimeoutPassesFirst() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.get("/longpoll/news?since=0&timeout=300ms");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(204, r.statusCode());
        assertEquals("", r.body());
        assertTrue(tookMs >= 250 && tookMs < 3_000, "took " + tookMs + "ms");
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":0}", http.get("/poll/news?since=0").body(),
                "the connection is still usable after a 204");
    }

    @Test
    void longpollRejectsATimeoutThatIsNotADuration() throws Exception {
        HttpResponse<String> bad = http.get("/longpoll/news?timeout=soon");
        HttpResponse<String> tooLong = http.get("/longpoll/news?timeout=11m");

        assertEquals(400, bad.statusCode());
        assertEquals("{\"error\":\"timeout: 'soon' is not a duration (examples: 250ms, 5s, 2m, 1h, or a number of seconds)\",\"status\":400}",
                bad.body());
        assertEquals(400, tooLong.statusCode());
        assertEquals("{\"error\":\"timeout: at most 10m, got 11m\",\"status\":400}", tooLong.body());
    }

    @Test
    void topicsListsEachTopicWithLastIdRetainedAndSubscribers() throws Exception {
        http.post("/publish/zeta", "z");
        http.post("/publish/alpha", "a1");
        http.post("/publish/alpha", "a2");

        HttpResponse<String> r = http.get("/topics");

        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"topics\":["
                + "{\"topic\":\"alpha\",\"last_id\":2,\"retained\":2,\"subscribers\":{\"poll\":0,\"longpoll\":0,\"stream\":0,\"sse\":0,\"ws\":0}},"
                + "{\"topic\":\"zeta\",\"last_id\":1,\"retained\":1,\"subscribers\":{\"poll\":0,\"longpoll\":0,\"stream\":0,\"sse\":0,\"ws\":0}}"
                + "]}", r.body());
    }

    @Test
    void healthzSaysOk() throws Exception {
        HttpResponse<String> r = http.get("/healthz");

        assertEquals(200, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("ok\n", r.body());
    }

    @Test
    void metricsCountPublishesDeliveriesRequestsAndBytesInPrometheusFormat() throws Exception {
        http.post("/publish/news", "one");
        http.post("/publish/news", "two");
        http.get("/poll/news?since=0");

        HttpResponse<String> r = http.get("/metrics");

        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        String body = r.body();
        for (String line : new String[] {
            "# TYPE rtc_messages_published_total counter\nrtc_messages_published_total 2\n",
            "rtc_messages_delivered_total{technique=\"poll\"} 2\n",
            "rtc_messages_delivered_total{technique=\"sse\"} 0\n",
            "# TYPE rtc_http_requests_total counter\nrtc_http_requests_total 4\n",
            "# TYPE rtc_topics gauge\nrtc_topics 1\n",
            "# TYPE rtc_connections_open gauge\nrtc_connections_open 1\n",
            "rtc_connections_total 1\n",
            "rtc_subscribers{technique=\"ws\"} 0\n",
            "rtc_slow_subscribers_disconnected_total 0\n",
        }) {
            assertTrue(body.contains(line), line + " missing from\n" + body);
        }
        assertTrue(t.metric("rtc_received_bytes_total") > 0, body);
        assertTrue(t.metric("rtc_sent_bytes_total") > 0, body);
    }

    @Test
    void indexIsPlainTextForCurlWithThisServersAddress() throws Exception {
        HttpResponse<String> r = http.get("/", "Accept", "*/*");

        assertEquals(200, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertTrue(r.body().startsWith("rtc serve: one port, every real-time technique, one topic space.\n"), r.body());
        assertTrue(r.body().contains("  POST /publish/{topic}"), r.body());
        assertTrue(r.body().contains("curl -N http://127.0.0.1:" + t.server.port() + "/sse/news"), r.body());
    }

    @Test
    void indexIsHtmlForABrowser() throws Exception {
        HttpResponse<String> r = http.get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        assertTrue(r.body().toLowerCase(java.util.Locale.ROOT).startsWith("<!doctype html>"), r.body());
    }

    @Test
    void postEchoReturnsTheBodyAndItsContentType() throws Exception {
        HttpResponse<String> r = http.post("/echo", "{\"ping\":1}", "Content-Type", "application/json");

        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"ping\":1}", r.body());
    }
}
