package dev.rtc.longpoll;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.Running;
import dev.rtc.http.PollServer;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code rtc longpoll}: the loop of SPEC.md against Python's http.server and against rtc serve. */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class LongPollCommandTest {
    private static PollServer server;

    @BeforeAll
    static void start() {
        server = PollServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> paths(String prefix) {
        return server.log().stream().map(l -> l.replaceAll(".*\"path\": \"([^\"]*)\".*", "$1"))
                .filter(p -> p.startsWith(prefix)).toList();
    }

    @Test
    void noContentIsAskedAgainAtOnceAndEachAnswerCarriesTheCursor() {
        Captured run = Captured.run("longpoll", server.url("/longpoll?since=100"), "--cursor", "/id", "-n", "2");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("{\"id\": 101, \"data\": \"m101\"}\n{\"id\": 102, \"data\": \"m102\"}\n", run.out());
        assertEquals("", run.err(), "204s are not worth a word");
        assertEquals(List.of("/longpoll?since=100", "/longpoll?since=100", "/longpoll?since=100",
                "/longpoll?since=101", "/longpoll?since=101", "/longpoll?since=101"), paths("/longpoll?since=10"));
    }

    @Test
    void serverErrorsBackOffAndRetryWithTheDelayShown() {
        Captured run = Captured.run("longpoll", server.url("/flaky/2"), "-n", "1");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("recovered\n", run.out());
        String error = "rtc: HTTP 503 Service Unavailable from " + server.url("/flaky/2") + ": busy";
        assertTrue(Pattern.compile(Pattern.quote(error) + "\nreconnecting in \\d+ms \\(attempt 1\\)\n"
                + Pattern.quote(error) + "\nreconnecting in \\d+ms \\(attempt 2\\)\n").matcher(run.err()).matches(), run.err());
    }

    @Test
    void jsonShowsTheBackoffAsReconnectRecords() {
        Captured run = Captured.run("longpoll", server.url("/flaky/1?json"), "-n", "1", "--json");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(0).matches("\\{\"type\":\"error\",\"ts\":\"[^\"]+\",\"message\":\"HTTP 503 Service Unavailable from .*\"}"), lines.get(0));
        assertTrue(lines.get(1).matches("\\{\"type\":\"reconnect\",\"ts\":\"[^\"]+\",\"attempt\":1,\"delay_ms\":(1[2-9]\\d|2[0-4]\\d|250)}"), lines.get(1));
        assertTrue(lines.get(2).matches("\\{\"type\":\"message\",\"ts\":\"[^\"]+\",\"data\":\"recovered\",\"seq\":2,\"status\":200,\"latency_ms\":[\\d.]+,\"bytes\":9}"), lines.get(2));
    }

    @Test
    void aServerDroppingConnectionsAfterAnAnswerIsRetriedWithBackoff() {
        // OkHttp silently replays a request whose pooled connection the server had closed; drops that
        // persist are the server's trouble, reported and retried.
        Captured run = Captured.run("longpoll", server.url("/drops/3"), "-n", "2");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("first\nafter 3 drops\n", run.out());
        assertTrue(run.err().startsWith("rtc: 127.0.0.1:" + server.port() + ": unexpected end of stream"), run.err());
        assertTrue(run.err().contains("\nreconnecting in "), run.err());
    }

    @Test
    void aKeepAliveConnectionTheServerClosedIsReplacedSilently() {
        Captured run = Captured.run("longpoll", server.url("/wobbly"), "-n", "2");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("one\nthree\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void aClientErrorStatusExitsOne() {
        Captured run = Captured.run("longpoll", server.url("/status/403"));

        assertEquals(1, run.exitCode());
        assertEquals("rtc: HTTP 403 Forbidden from " + server.url("/status/403") + ": status 403\n", run.err());
    }

    @Test
    void requestTimeoutAndGatewayTimeoutMeanAskAgain() throws Exception {
        Running run = Running.start("longpoll", server.url("/status/504"), "--timeout", "300ms");
        Captured done = run.finish();

        assertEquals(3, done.exitCode());
        assertEquals("", done.err());
        assertTrue(paths("/status/504").size() > 3, "asked " + paths("/status/504").size() + " times");
        assertEquals(3, Captured.run("longpoll", server.url("/status/408"), "--timeout", "200ms").exitCode());
    }

    @Test
    void aFirstRequestThatCannotConnectExitsOneAtOnce() {
        Captured run = Captured.run("longpoll", "http://127.0.0.1:1/longpoll/x");

        assertEquals(1, run.exitCode());
        assertEquals("rtc: cannot connect to 127.0.0.1:1: connection refused\n", run.err());
    }

    @Test
    void anEmptyAnswerIsReportedNotPrinted() {
        Captured run = Captured.run("longpoll", server.url("/empty"), "--timeout", "100ms");

        assertEquals(3, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("rtc: warning: HTTP 200 with an empty body from "), run.err());
    }

    @Test
    void printsEveryMessageOfRtcServeOnceWithTheCursor() throws Exception {
        try (TestServer served = TestServer.start()) {
            Running run = Running.start("longpoll", served.server.url() + "/longpoll/news", "--cursor", "/last_id",
                    "--until", "\"data\":\"m20\"");
            served.awaitSubscribers("news", "longpoll", 1);
            for (int i = 1; i <= 20; i++) {
                served.server.publish("news", ("m" + i).getBytes(StandardCharsets.UTF_8));
                if (i % 4 == 0) Thread.sleep(10);
            }
            Captured done = run.finish();

            assertEquals(0, done.exitCode(), done.err());
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList(), dev.rtc.poll.PollServeTest.ids(done.out()));
            assertEquals("", done.err());
        }
    }
}
