package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What bounds the topic space: topics exist while they hold messages or subscribers (--max-topics of them),
 * retained messages stay within --max-memory, and a poll body within its size.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class TopicLimitsTest {
    private static final int KIB = 1024;
    private static final long PER_MESSAGE = KIB + Message.OVERHEAD_BYTES;

    @RegisterExtension
    final ServerExtension server = ServerExtension.onDemand();
    private TestServer t;
    private Http http;


    private void start(ServeConfig config) throws Exception {
        t = server.start(config);
        http = t.http;
    }

    private static ServeConfig withMemory(long bytes) {
        ServeConfig c = ServeConfig.loopback().withLimits(KIB, 4 << 20);
        return c.with(c.limits().withMaxMemory(bytes));
    }

    private long publishKib(String topic) throws Exception {
        HttpResponse<String> r = http.post("/publish/" + topic, "x".repeat(KIB));
        assertEquals(201, r.statusCode(), r.body());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(r.body());
        assertTrue(id.find(), r.body());
        return Long.parseLong(id.group(1));
    }

    @Test
    void readingCreatesNoTopic() throws Exception {
        start(ServeConfig.loopback());

        for (int i = 0; i < 300; i++) {
            assertEquals("{\"topic\":\"t" + i + "\",\"messages\":[],\"last_id\":0}", http.get("/poll/t" + i + "?since=0").body());
        }

        assertEquals("{\"topics\":[]}", http.get("/topics").body());
        assertEquals(0, t.metric("rtc_topics"));
    }

    @Test
    void aTopicWithoutMessagesLivesAsLongAsItsSubscribers() throws Exception {
        start(ServeConfig.loopback());
        StreamRecorder sse = http.stream("/sse/live");
        sse.head();
        t.awaitSubscribers("live", "sse", 1);

        sse.cancel();

        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        String topics = http.get("/topics").body();
        while (!topics.equals("{\"topics\":[]}") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            topics = http.get("/topics").body();
        }
        assertEquals("{\"topics\":[]}", topics);
    }

    @Test
    void aTopicPastMaxTopicsIs503NamingTheOption() throws Exception {
        ServeConfig c = ServeConfig.loopback();
        start(c.with(c.limits().withMaxTopics(2)));
        assertEquals(201, http.post("/publish/a", "1").statusCode());
        assertEquals(201, http.post("/publish/b", "1").statusCode());

        HttpResponse<String> publish = http.post("/publish/c", "1");
        HttpResponse<String> subscribe = http.get("/sse/d");
        String ws;
        try (RawConnection raw = new RawConnection(t.server)) {
            raw.write("GET /ws/e HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            ws = raw.readResponse();
        }

        String refusal = "{\"error\":\"too many topics: at most 2 exist at once (--max-topics)\",\"status\":503}";
        assertEquals(503, publish.statusCode());
        assertEquals(refusal, publish.body());
        assertEquals(503, subscribe.statusCode());
        assertEquals(refusal, subscribe.body());
        assertTrue(ws.startsWith("HTTP/1.1 503 ") && ws.endsWith(refusal), ws);
        assertEquals(201, http.post("/publish/a", "2").statusCode(), "an existing topic takes messages");
        assertEquals(3, t.metric("rtc_refused_total{reason=\"max_topics\"}"));
        assertEquals(2, t.metric("rtc_topics"));
    }

    @Test
    void pastMaxMemoryTheOldestOfTheLargestTopicGoesAndTheGapIsReported() throws Exception {
        start(withMemory(10 * PER_MESSAGE));
        for (int i = 1; i <= 7; i++) assertEquals(i, publishKib("big"));
        for (int i = 1; i <= 3; i++) assertEquals(i, publishKib("small"));

        assertEquals(10 * PER_MESSAGE, t.metric("rtc_retained_bytes"), "each message counted once, bytes plus overhead");
        assertEquals(0, t.metric("rtc_messages_evicted_total"));

        assertEquals(8, publishKib("big"));
        assertEquals(4, publishKib("small"));

        assertEquals(2, t.metric("rtc_messages_evicted_total"));
        assertEquals(10 * PER_MESSAGE, t.metric("rtc_retained_bytes"));
        HttpResponse<String> big = http.get("/poll/big?since=0");
        assertEquals("2", big.headers().firstValue("x-rtc-missed").orElse(null), big.body());
        assertTrue(big.body().startsWith("{\"topic\":\"big\",\"messages\":[{\"id\":3,"), big.body());
        assertTrue(big.body().endsWith(",\"last_id\":8,\"missed\":2}"), big.body());
        assertTrue(http.get("/poll/small?since=0").body().startsWith("{\"topic\":\"small\",\"messages\":[{\"id\":1,"),
                "the smaller topic kept all it had");
    }

    @Test
    void aTopicEvictedToNothingGoesButKeepsItsLastId() throws Exception {
        // Room for one message: the next one, kept, pushes out the only one "a" had.
        start(withMemory(PER_MESSAGE + 500));
        assertEquals(1, publishKib("a"));
        assertEquals(1, publishKib("b"));

        assertEquals("{\"topic\":\"a\",\"messages\":[],\"last_id\":1,\"missed\":1}", http.get("/poll/a?since=0").body());
        assertTrue(!http.get("/topics").body().contains("\"topic\":\"a\""), http.get("/topics").body());
        assertEquals(2, publishKib("a"), "ids go on from where the topic was");
    }

    @Test
    void aPollBodyStopsNearItsBoundAndSaysThereIsMore() throws Exception {
        int size = 3 << 20;
        start(ServeConfig.loopback().withLimits(size, 4 << 20));
        for (int i = 0; i < 3; i++) assertEquals(201, http.post("/publish/big", "x".repeat(size)).statusCode());

        String first = http.get("/poll/big?since=0").body();
        String last = http.get("/poll/big?since=2").body();

        assertTrue(first.startsWith("{\"topic\":\"big\",\"messages\":[{\"id\":1,"), first.substring(0, 60));
        assertTrue(first.endsWith("}],\"last_id\":1,\"more\":true}"), first.substring(first.length() - 60));
        assertTrue(last.endsWith("}],\"last_id\":3}"), last.substring(last.length() - 60));
    }

    @Test
    void maxMemoryBelowTheLargestMessageIsAUsageError() {
        Captured run = Captured.run("serve", "-p", "0", "--max-memory", "1KiB");

        assertEquals(2, run.exitCode());
        assertEquals("rtc: --max-memory must be at least --max-message-size (1048576 bytes), got 1024 (see 'rtc serve --help')\n",
                run.err());
    }
}
