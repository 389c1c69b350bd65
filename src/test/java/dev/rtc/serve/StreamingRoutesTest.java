package dev.rtc.serve;

import static dev.rtc.serve.TestServer.withoutTs;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The held HTTP responses: chunked streams and Server-Sent Events, read line by line as they arrive. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 10, unit = SECONDS)
class StreamingRoutesTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.onDemand();
    private TestServer t;
    private Http http;

    private void start(ServeConfig config) throws Exception {
        t = server.start(config);
        http = t.http;
    }


    @Test
    void streamSendsHeadersAtOnceThenOneLinePerMessageFromSince() throws Exception {
        start(ServeConfig.loopback());
        http.post("/publish/news", "a");
        http.post("/publish/news", "b");

        StreamRecorder stream = http.stream("/stream/news?since=1");

        assertEquals(200, stream.head().statusCode());
        assertEquals("text/plain; charset=utf-8", stream.header("content-type"));
        assertEquals("chunked", stream.header("transfer-encoding"));
        stream.expect("b");
        http.post("/publish/news", "c");
        stream.expect("c");
        stream.expectNothingFor(200);
        stream.cancel();
    }

    @Test
    void coalesceHoldsMessagesForTheWindowThenSendsThemTogether() throws Exception {
        start(ServeConfig.loopback().withCoalesce(java.time.Duration.ofMillis(400)));
        StreamRecorder stream = http.stream("/stream/news");
        stream.head();
        t.awaitSubscribers("news", "stream", 1);

        http.post("/publish/news", "first");
        http.post("/publish/news", "second");

        stream.expectNothingFor(150);
        stream.expect("first", "second");
        stream.cancel();
    }

    @Test
    void streamWithoutSinceStartsWithTheNextMessage() throws Exception {
        start(ServeConfig.loopback());
        http.post("/publish/news", "before");

        StreamRecorder stream = http.stream("/stream/news");
        stream.head();
        t.awaitSubscribers("news", "stream", 1);
        http.post("/publish/news", "after");

        stream.expect("after");
        stream.cancel();
    }

    @Test
    void streamAsNdjsonSendsEachMessageObject() throws Exception {
        start(ServeConfig.loopback());
        http.post("/publish/news", "a \"quoted\" line");

        StreamRecorder stream = http.stream("/stream/news?since=0&format=ndjson");

        assertEquals("application/x-ndjson", stream.header("content-type"));
        assertEquals("{\"id\":1,\"data\":\"a \\\"quoted\\\" line\",\"ts\":\"TS\"}", withoutTs(stream.next()));
        http.post("/publish/news", "two\nlines");
        assertEquals("{\"id\":2,\"data\":\"two\\nlines\",\"ts\":\"TS\"}", withoutTs(stream.next()));
        stream.cancel();
    }

    @Test
    void streamRejectsAnUnknownFormat() throws Exception {
        start(ServeConfig.loopback());

        var r = http.get("/stream/news?format=xml");

        assertEquals(400, r.statusCode());
        assertEquals("{\"error\":\"format must be text or ndjson, got 'xml'\",\"status\":400}", r.body());
    }

    @Test
    void sseSendsRetryFirstThenIdAndDataLinesPerMessage() throws Exception {
        start(ServeConfig.loopback());
        http.post("/publish/news", "one");

        StreamRecorder sse = http.stream("/sse/news?since=0");

        assertEquals(200, sse.head().statusCode());
        assertEquals("text/event-stream; charset=utf-8", sse.header("content-type"));
        assertEquals("no-cache", sse.header("cache-control"));
        sse.expect("retry: 2000", "", "id: 1", "data: one", "");
        http.post("/publish/news", "two");
        sse.expect("id: 2", "data: two", "");
        sse.cancel();
    }

    @Test
    void sseSplitsMultiLineDataIntoSeveralDataLines() throws Exception {
        start(ServeConfig.loopback());
        http.post("/publish/news", "first\nsecond\r\nthird\n");

        StreamRecorder sse = http.stream("/sse/news?since=0");

        sse.expect("retry: 2000", "", "id: 1", "data: first", "data: second", "data: third", "data: ", "");
        sse.cancel();
    }

    @Test
    void sseResumesAfterLastEventIdWhichWinsOverSince() throws Exception {
        start(ServeConfig.loopback());
        for (String s : new String[] {"one", "two", "three"}) http.post("/publish/news", s);

        StreamRecorder sse = http.stream("/sse/news?since=0", "Last-Event-ID", "2");

        sse.expect("retry: 2000", "", "id: 3", "data: three", "");
        sse.expectNothingFor(200);
        sse.cancel();
    }

    @Test
    void sseSendsBinaryMessagesAsBase64InABinaryEvent() throws Exception {
        start(ServeConfig.loopback());
        http.post("/publish/news", new byte[] {(byte) 0xff, 0x00, 0x01});

        StreamRecorder sse = http.stream("/sse/news?since=0");

        sse.expect("retry: 2000", "", "id: 1", "event: binary", "data: /wAB", "");
        sse.cancel();
    }

    @Test
    void sseSendsAHeartbeatCommentEveryInterval() throws Exception {
        start(ServeConfig.loopback().withHeartbeat(Duration.ofMillis(150)));

        StreamRecorder sse = http.stream("/sse/news");

        sse.expect("retry: 2000", "", ":", "", ":", "");
        sse.cancel();
    }

    @Test
    void aSinceOlderThanTheHistoryResumesFromTheOldestAndShowsTheGap() throws Exception {
        start(ServeConfig.loopback().withHistory(2));
        for (int i = 1; i <= 5; i++) http.post("/publish/news", "m" + i);

        var poll = http.get("/poll/news?since=1");
        var longpoll = http.get("/longpoll/news?since=1");
        StreamRecorder stream = http.stream("/stream/news?since=1");
        StreamRecorder sse = http.stream("/sse/news?since=1");

        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":4,\"data\":\"m4\",\"ts\":\"TS\"},{\"id\":5,\"data\":\"m5\",\"ts\":\"TS\"}],\"last_id\":5,\"missed\":2}",
                withoutTs(poll.body()));
        assertEquals("2", poll.headers().firstValue("x-rtc-missed").orElseThrow());
        assertEquals(withoutTs(poll.body()), withoutTs(longpoll.body()));
        assertEquals("2", longpoll.headers().firstValue("x-rtc-missed").orElseThrow());
        assertEquals("2", stream.header("x-rtc-missed"));
        stream.expect("m4", "m5");
        assertEquals("2", sse.header("x-rtc-missed"));
        sse.expect("retry: 2000", "",
                "event: rtc-gap", "data: {\"missed\":2,\"since\":1,\"resumed_after\":3}", "",
                "id: 4", "data: m4", "",
                "id: 5", "data: m5", "");
        stream.cancel();
        sse.cancel();
    }

    @Test
    void aSinceWithinTheHistoryShowsNoGap() throws Exception {
        start(ServeConfig.loopback().withHistory(2));
        for (int i = 1; i <= 5; i++) http.post("/publish/news", "m" + i);

        var poll = http.get("/poll/news?since=3");

        assertEquals("{\"topic\":\"news\",\"messages\":[{\"id\":4,\"data\":\"m4\",\"ts\":\"TS\"},{\"id\":5,\"data\":\"m5\",\"ts\":\"TS\"}],\"last_id\":5}",
                withoutTs(poll.body()));
        assertNull(poll.headers().firstValue("x-rtc-missed").orElse(null));
    }
}
