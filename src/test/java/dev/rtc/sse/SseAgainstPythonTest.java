package dev.rtc.sse;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.Running;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * rtc sse against a server we did not write (src/test/interop/py/sse_server.py, Python's http.server),
 * which drops connections, sends half events, POST streams, wrong statuses and types, silence and bad
 * bytes on purpose. The server prints one line per request, so the tests see what rtc sent.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class SseAgainstPythonTest {
    private static final Duration LINE = Duration.ofSeconds(5);

    private Proc server;
    private String base;

    @BeforeEach
    void start() {
        server = Proc.start(Tool.plainPython(), Tool.script("py/sse_server.py").toString());
        String first = server.nextLine(LINE);
        assertTrue(first.startsWith("port "), first);
        base = "http://127.0.0.1:" + first.substring(5);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String request() {
        return server.nextLine(LINE);
    }

    @Test
    void reconnectsAfterTheServersRetryWithLastEventId() {
        Captured c = Captured.run("sse", base + "/resume", "-n", "5");

        assertEquals("event 1\nevent 2\nevent 3\nevent 4\nevent 5\n", c.out());
        assertEquals("""
                connected to URL
                closed
                reconnecting in 250ms (attempt 1)
                connected to URL (Last-Event-ID: 2)
                closed
                reconnecting in 250ms (attempt 1)
                connected to URL (Last-Event-ID: 4)
                """.replace("URL", base + "/resume"), c.err());
        assertEquals(0, c.exitCode());
        assertEquals(List.of("GET /resume last-event-id=- body=-", "GET /resume last-event-id=2 body=-",
                "GET /resume last-event-id=4 body=-"), server.nextLines(3, LINE));
    }

    @Test
    void retryOptionOverridesTheServerAndJsonRecordsCarryIdEventRetry() {
        Captured c = Captured.run("sse", base + "/resume", "-n", "3", "--retry", "20ms", "--last-event-id", "10", "--json");

        assertEquals("""
                {"type":"open","ts":"TS","url":"URL","last_event_id":"10"}
                {"type":"message","ts":"TS","data":"event 11","id":"11","event":"message","retry":20}
                {"type":"message","ts":"TS","data":"event 12","id":"12","event":"message","retry":20}
                {"type":"close","ts":"TS"}
                {"type":"reconnect","ts":"TS","attempt":1,"delay_ms":20}
                {"type":"open","ts":"TS","url":"URL","last_event_id":"12"}
                {"type":"message","ts":"TS","data":"event 13","id":"13","event":"message","retry":20}
                """.replace("URL", base + "/resume"), withoutTs(c.out()));
        assertEquals("", c.err());
        assertEquals(0, c.exitCode());
        assertEquals("GET /resume last-event-id=10 body=-", request());
        assertEquals("GET /resume last-event-id=12 body=-", request());
    }

    @Test
    void aStreamCutMidEventDoesNotDispatchTheHalfEvent() {
        Captured c = Captured.run("sse", base + "/half", "--no-reconnect");

        assertEquals("whole\n", c.out());
        assertEquals("connected to " + base + "/half\nclosed\n", c.err());
        assertEquals(0, c.exitCode());
    }

    @Test
    void eventFilterPrintsOnlyTheNamedTypes() {
        assertEquals("one\nfour\n", Captured.run("sse", base + "/typed", "--no-reconnect", "--event", "a").out());
        assertEquals("one\nthree\nfour\n",
                Captured.run("sse", base + "/typed", "--no-reconnect", "--event", "a", "--event", "message").out());
    }

    @Test
    void rawPrintsEventsInSseSyntax() {
        Captured c = Captured.run("sse", base + "/resume", "--raw", "-n", "2");
        assertEquals("id: 1\ndata: event 1\n\nid: 2\ndata: event 2\n\n", c.out());
        Captured typed = Captured.run("sse", base + "/typed", "--raw", "--no-reconnect", "--event", "b", "--event", "message");
        assertEquals("event: b\ndata: two\n\ndata: three\n\n", typed.out());
    }

    @Test
    void postStreamEndsCleanlyAtDone() {
        Captured c = Captured.run("sse", base + "/post", "-H", "Authorization: Bearer k", "-d", "{\"q\":\"hi\"}",
                "--until", "\\[DONE\\]");

        assertEquals("""
                {"choices": [{"delta": {"content": "You"}}]}
                {"choices": [{"delta": {"content": " said "}}]}
                {"choices": [{"delta": {"content": "{\\"q\\":\\"hi\\"}"}}]}
                [DONE]
                """, c.out());
        assertEquals(0, c.exitCode(), c.err());
        assertEquals("POST /post last-event-id=- body={\"q\":\"hi\"}", request());
    }

    @Test
    void noContentEndsTheRunWithZero() {
        Captured c = Captured.run("sse", base + "/status/204");
        assertEquals("", c.out());
        assertEquals("closed HTTP 204 No Content: the server asks not to reconnect\n", c.err());
        assertEquals(0, c.exitCode());
    }

    @Test
    void anErrorStatusFailsWithoutARetry() {
        Captured c = Captured.run("sse", base + "/status/503", "--retry", "10ms");
        assertEquals("", c.out());
        assertEquals("rtc: HTTP 503 Service Unavailable from " + base + "/status/503\n", c.err());
        assertEquals(1, c.exitCode());
        assertEquals("GET /status/503 last-event-id=- body=-", request());
        Captured.run("sse", base + "/typed", "--no-reconnect");
        assertEquals("GET /typed last-event-id=- body=-", request(), "no retry of the 503 came in between");
    }

    @Test
    void anotherContentTypeFailsWithoutARetry() {
        Captured c = Captured.run("sse", base + "/type/text/plain");
        assertEquals("rtc: not an event stream: Content-Type text/plain from " + base
                + "/type/text/plain (expected text/event-stream)\n", c.err());
        assertEquals(1, c.exitCode());
        Captured withCharset = Captured.run("sse", base + "/type/TEXT/Event-Stream;charset=utf-8", "-n", "1");
        assertEquals("not an event stream\n", withCharset.out());
        assertEquals(0, withCharset.exitCode());
    }

    @Test
    void heartbeatTimeoutReconnectsAStalledStreamAndMaxRetriesGivesUp() {
        Captured c = Captured.run("sse", base + "/silent", "--heartbeat-timeout", "300ms", "--retry", "10ms",
                "--max-retries", "1");

        assertEquals("", c.out());
        assertEquals("""
                connected to URL
                rtc: nothing received for 300ms (--heartbeat-timeout)
                reconnecting in 10ms (attempt 1)
                connected to URL
                rtc: nothing received for 300ms (--heartbeat-timeout)
                rtc: gave up after 1 reconnection attempt (--max-retries): nothing received for 300ms (--heartbeat-timeout)
                """.replace("URL", base + "/silent"), c.err());
        assertEquals(1, c.exitCode());
        assertEquals(List.of("GET /silent last-event-id=- body=-", "GET /silent last-event-id=- body=-"),
                server.nextLines(2, LINE));
    }

    @Test
    void attemptsThatBringNoEventBackOffEvenFromRetryZero() {
        Captured c = Captured.run("sse", base + "/empty", "--max-retries", "3");

        assertEquals("""
                connected to URL
                closed
                reconnecting in 250ms (attempt 1)
                connected to URL
                closed
                reconnecting in 500ms (attempt 2)
                connected to URL
                closed
                reconnecting in 1000ms (attempt 3)
                connected to URL
                closed
                rtc: gave up after 3 reconnection attempts (--max-retries): the stream ended
                """.replace("URL", base + "/empty"), c.err());
        assertEquals(1, c.exitCode());
        assertEquals(4, server.nextLines(4, LINE).size());
    }

    @Test
    void aServerThatNeverAnswersMeetsTimeout() {
        Captured c = Captured.run("sse", base + "/noanswer", "--timeout", "500ms");
        assertEquals("", c.out());
        assertEquals("", c.err());
        assertEquals(3, c.exitCode());
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() {
        Captured c = Captured.run("sse", base + "/invalid-utf8", "-n", "1");
        assertEquals("caf\uFFFD \uFFFD\uFFFD ok\n", c.out());
        assertEquals(0, c.exitCode());
    }

    @Test
    void aBomAndLoneCarriageReturnsAreUnderstood() {
        Captured c = Captured.run("sse", base + "/bom-cr", "--no-reconnect", "--json");
        String out = withoutTs(c.out());
        assertTrue(out.contains("\"data\":\"one\\ntwo\",\"id\":null,\"event\":\"message\""), out);
        assertTrue(out.contains("\"data\":\"three\",\"id\":\"9\""), out);
        assertEquals(0, c.exitCode());
    }

    @Test
    void aLineLongerThanMaxLineFailsClearly() {
        Captured c = Captured.run("sse", base + "/long/2000000", "--max-line", "1MiB");
        assertEquals("", c.out());
        assertEquals("connected to " + base + "/long/2000000\nrtc: the stream sent a line longer than --max-line "
                + "(1048576 bytes); raise --max-line if that is expected\n", c.err());
        assertEquals(1, c.exitCode());
        Captured fits = Captured.run("sse", base + "/long/2000000", "-n", "1");
        assertEquals(2_000_001, fits.out().length(), "the default --max-line is 4MiB");
    }

    @Test
    void aRunningClientStopsOnTimeoutWithThree() throws Exception {
        Running r = Running.start("sse", base + "/silent", "--timeout", "300ms");
        r.awaitErr(err -> err.contains("connected"));
        assertEquals(3, r.finish().exitCode());
    }

    private static String withoutTs(String json) {
        return json.replaceAll("\"ts\":\"[^\"]*\"", "\"ts\":\"TS\"");
    }
}
