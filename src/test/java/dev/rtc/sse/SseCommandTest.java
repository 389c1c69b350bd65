package dev.rtc.sse;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.Running;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.ServerExtension;
import dev.rtc.serve.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rtc sse following rtc serve's topics, and the usage mistakes it refuses. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class SseCommandTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer t;
    private String news;

    @BeforeEach
    void start() {
        t = server.get();
        news = t.server.url() + "/sse/news";
    }


    private void publish(String data) {
        t.server.publish("news", data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void followsATopicAndPrintsEachEventsDataAsItArrives() throws Exception {
        Running r = Running.start("sse", news, "-n", "2");
        t.awaitSubscribers("news", "sse", 1);
        publish("hello");
        r.awaitOut(out -> out.equals("hello\n"));
        publish("two\nlines");

        Captured c = r.finish();
        assertEquals("hello\ntwo\nlines\n", c.out(), "multi-line data is printed as it is");
        assertEquals("connected to " + news + "\n", c.err());
        assertEquals(0, c.exitCode());
    }

    @Test
    void startsFromLastEventIdWithJsonRecords() throws Exception {
        for (String m : new String[] {"a", "b", "c"}) publish(m);

        Captured c = Captured.run("sse", news, "--last-event-id", "1", "-n", "2", "--json");

        String out = c.out().replaceAll("\"ts\":\"[^\"]*\"", "\"ts\":\"TS\"");
        assertEquals("""
                {"type":"open","ts":"TS","url":"URL","last_event_id":"1"}
                {"type":"message","ts":"TS","data":"b","id":"2","event":"message","retry":2000}
                {"type":"message","ts":"TS","data":"c","id":"3","event":"message","retry":2000}
                """.replace("URL", news), out);
        assertEquals(0, c.exitCode());
    }

    @Test
    void resumesWithLastEventIdFromARestartedServer() throws Exception {
        int port = t.server.port();
        Running r = Running.start("sse", news, "--retry", "300ms", "-n", "2");
        t.awaitSubscribers("news", "sse", 1);
        publish("before");
        r.awaitOut(out -> out.equals("before\n"));
        t.close(); // drains: the stream ends, rtc waits 300ms and reconnects with Last-Event-ID: 1
        t = server.start(ServeConfig.loopback().withPort(port));
        publish("replayed id 1, not after the last event id"); // the new server counts from 1 again
        publish("after");

        Captured c = r.finish();
        assertEquals("before\nafter\n", c.out());
        assertTrue(c.err().contains("connected to " + news + " (Last-Event-ID: 1)\n"), c.err());
        assertEquals(0, c.exitCode());
    }

    @Test
    void maxRetriesGivesUpWhenTheServerIsGone() throws Exception {
        Running r = Running.start("sse", news, "--retry", "20ms", "--max-retries", "2");
        t.awaitSubscribers("news", "sse", 1);
        publish("only");
        r.awaitOut(out -> out.equals("only\n"));
        t.close();

        Captured c = r.finish();
        String refused = "cannot connect to 127.0.0.1:" + news.split(":")[2].split("/")[0] + ": connection refused";
        // The first attempt may still reach the draining server (and fail otherwise); the last one cannot.
        assertTrue(c.err().startsWith("connected to " + news + "\nclosed\nreconnecting in 20ms (attempt 1)\n"), c.err());
        assertTrue(c.err().contains("\nreconnecting in 100ms (attempt 2)\nrtc: " + refused + "\n"), c.err());
        assertTrue(c.err().endsWith("\nrtc: gave up after 2 reconnection attempts (--max-retries): " + refused + "\n"), c.err());
        assertEquals(1, c.exitCode());
        t = server.start(ServeConfig.loopback());
    }

    @Test
    void untilEndsTheRunAtTheFirstMatchingEvent() throws Exception {
        for (String m : new String[] {"working", "[DONE]", "after"}) publish(m);
        Captured c = Captured.run("sse", t.server.url() + "/sse/news?since=0", "--until", "\\[DONE\\]");
        assertEquals("working\n[DONE]\n", c.out());
        assertEquals(0, c.exitCode());
    }

    @Test
    void eventFilterSeesRtcServesNamedEvents() throws Exception {
        publish("text");
        t.server.publish("news", new byte[] {(byte) 0xff, 0});
        Captured c = Captured.run("sse", news, "--last-event-id", "0", "--event", "binary", "-n", "1", "--raw");
        assertEquals("id: 2\nevent: binary\ndata: /wA=\n\n", c.out());
    }

    @Test
    void timeoutBeforeCountExitsThree() {
        Captured c = Captured.run("sse", news, "-n", "1", "--timeout", "300ms");
        assertEquals("", c.out());
        assertEquals(3, c.exitCode());
    }

    @Test
    void theFirstConnectionFailingExitsOneAtOnce() {
        Captured c = Captured.run("sse", "http://127.0.0.1:1/sse/news");
        assertEquals("", c.out());
        assertEquals("rtc: cannot connect to 127.0.0.1:1: connection refused\n", c.err());
        assertEquals(1, c.exitCode());
    }

    @Test
    void aServerThatNeverAcceptsMeetsConnectTimeout() throws Exception {
        // A listen backlog of one, filled: Linux then leaves further SYNs unanswered, so connecting hangs.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket a = new Socket(); Socket b = new Socket()) {
            a.connect(full.getLocalSocketAddress(), 1000);
            b.connect(full.getLocalSocketAddress(), 1000);

            Captured c = Captured.run("sse", "http://127.0.0.1:" + full.getLocalPort() + "/", "--connect-timeout", "300ms");
            assertEquals("rtc: cannot connect to 127.0.0.1:" + full.getLocalPort() + ": timed out\n", c.err());
            assertEquals(1, c.exitCode());
        }
    }

    @Test
    void usageMistakesExitTwo() {
        assertUsage("rtc: Error: --json, --raw are mutually exclusive (specify only one)", news, "--json", "--raw");
        assertUsage("rtc: unsupported scheme ws:// in ws://127.0.0.1:1/sse/x: expected http:// or https:// (for WebSocket use rtc ws)",
                "ws://127.0.0.1:1/sse/x");
        assertUsage("rtc: --max-retries must not be negative", news, "--max-retries", "-1");
        assertUsage("rtc: Invalid value for option '--max-line': '0' is out of range (1 byte to 2 GiB)", news, "--max-line", "0");
        assertUsage("rtc: Invalid value for option '--retry'", news, "--retry", "soon");
    }

    private static void assertUsage(String message, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "sse";
        System.arraycopy(args, 0, full, 1, args.length);
        Captured c = Captured.run(full);
        assertEquals(2, c.exitCode(), c.err());
        assertTrue(c.err().startsWith(message), c.err());
        assertEquals("", c.out());
    }

    @Test
    void helpSaysWhatRawMeansHere() {
        Captured c = Captured.run("sse", "--help");
        assertEquals(0, c.exitCode());
        assertTrue(c.out().contains("--raw"), c.out());
        assertTrue(c.out().replaceAll("\\s+", " ").contains("SSE data is always text"), c.out());
        assertTrue(c.out().contains("Exit codes:"), c.out());
    }
}
