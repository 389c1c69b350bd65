package dev.rtc.ws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.ServerExtension;
import dev.rtc.serve.TestServer;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code rtc ws} in-process against {@code rtc serve}'s {@code /echo} and {@code /ws/{topic}}, with stdin given by the test. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class WsCommandTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer served;

    @BeforeEach
    void start() {
        served = server.get();
    }


    private String ws(String path) {
        return "ws" + served.server.url().substring("http".length()) + path;
    }

    private String hostPort() {
        return "127.0.0.1:" + served.server.port();
    }

    private static String withoutTs(String ndjson) {
        return ndjson.replaceAll("\"ts\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", "\"ts\":\"TS\"");
    }

    @Test
    void eachStdinLineIsOneTextMessageAndTheEchoesArePrinted() {
        Captured r = WsRun.run("hello\r\nwörld\n\nlast without newline", ws("/echo"), "-n", "4");

        assertEquals(new Captured(0, "hello\nwörld\n\nlast without newline\n", ""), r);
    }

    @Test
    void linesWrittenBeforeTheConnectionOpensAreQueuedNotDropped() throws Exception {
        // All of stdin is there (and ended) before the handshake is even sent.
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 500; i++) lines.append("line ").append(i).append('\n');

        Captured r = WsRun.run(lines.toString(), ws("/echo"), "--wait", "5s", "-n", "500");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals(lines.toString(), r.out());
    }

    @Test
    void afterStdinEndsItListensForWaitThenClosesWith1000() {
        long start = System.nanoTime();
        Captured r = WsRun.run("", ws("/echo"), "--json", "--wait", "300ms", "-x", "one");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertEquals(new Captured(0, """
                {"type":"open","ts":"TS","url":"%s"}
                {"type":"message","ts":"TS","data":"one","binary":false}
                {"type":"close","ts":"TS","code":1000,"reason":""}
                """.formatted(ws("/echo")), ""), new Captured(r.exitCode(), withoutTs(r.out()), r.err()));
        assertTrue(ms >= 300, "exited after " + ms + "ms, before --wait");
    }

    @Test
    void executeMessagesGoFirstThenStdin() {
        Captured r = WsRun.run("from stdin\n", ws("/echo"), "-x", "first", "-x", "second", "-n", "3");

        assertEquals(new Captured(0, "first\nsecond\nfrom stdin\n", ""), r);
    }

    @Test
    void binaryLinesComeBackAsHexBase64OrJson() {
        assertEquals(new Captured(0, "00ff0d\n", ""), WsRun.run(bytes(0, 0xff, '\r', '\n'), ws("/echo"), "--binary", "-n", "1"));
        assertEquals(new Captured(0, "AP8=\n", ""), WsRun.run(bytes(0, 0xff, '\n'), ws("/echo"), "--binary", "--base64", "-n", "1"));
        Captured json = WsRun.run(bytes('h', 'i', '\n'), ws("/echo"), "--binary", "--json", "-n", "1");
        assertTrue(withoutTs(json.out()).contains("{\"type\":\"message\",\"ts\":\"TS\",\"data\":\"aGk=\",\"encoding\":\"base64\",\"binary\":true}\n"),
                json.out());
    }

    private static InputStream bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return new java.io.ByteArrayInputStream(b);
    }

    @Test
    void topicMessagesArrivePublishedOnesAndUntilStops() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(stdin);
        CompletableFuture<Captured> run = CompletableFuture.supplyAsync(() -> WsRun.run(in, ws("/ws/news"), "--until", "^stop$"));
        served.awaitSubscribers("news", "ws", 1);

        served.server.publish("news", "hello".getBytes(UTF_8));
        stdin.write("from rtc ws\n".getBytes(UTF_8));
        stdin.flush();
        awaitPublished("news", 2);
        served.server.publish("news", "stop".getBytes(UTF_8));

        assertEquals(new Captured(0, "hello\nfrom rtc ws\nstop\n", ""), run.get(10, SECONDS));
        stdin.close();
    }

    /** Waits (bounded) until {@code topic} has its message {@code id}. */
    private void awaitPublished(String topic, int id) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!served.http.get("/poll/" + topic).body().contains("\"last_id\":" + id)) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no message " + id + " on " + topic + " within 5s");
            Thread.sleep(10);
        }
    }

    @Test
    void serverDrainingWith1001IsExit0() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(stdin);
        CompletableFuture<Captured> run = CompletableFuture.supplyAsync(() -> WsRun.run(in, ws("/ws/news")));
        served.awaitSubscribers("news", "ws", 1);

        served.server.drain();

        assertEquals(new Captured(0, "", "closed 1001 server shutting down\n"), run.get(10, SECONDS));
        stdin.close();
    }

    @Test
    void aMessageOverMaxMessageSizeClosesWith1009AndExits1() {
        Captured r = WsRun.run("", ws("/echo"), "--max-message-size", "16", "-x", "x".repeat(17));

        assertEquals(new Captured(1, "", "rtc: closed with 1009: a message from " + hostPort()
                + " was larger than --max-message-size (16 bytes)\n"), r);
    }

    @Test
    void pipedLinesAreSentEvenWhenTheStopConditionIsMetFirst() throws Exception {
        served.server.publish("mine", "already there".getBytes(UTF_8));
        int runs = 20;
        for (int i = 1; i <= runs; i++) {
            // since=0 replays the message at once: -n 1 is met while the piped line may still wait for the 101.
            Captured r = WsRun.run("line " + i + "\n", ws("/ws/mine?since=0"), "-n", "1");

            assertEquals(new Captured(0, "already there\n", ""), r, "run " + i);
            awaitPublished("mine", i + 1);
            assertTrue(served.http.get("/poll/mine?since=" + i).body().contains("\"data\":\"line " + i + "\""), "run " + i);
        }
    }

    @Test
    void anHttpRouteIsNotAWebSocketEndpoint() {
        Captured r = WsRun.run("", ws("/healthz"));

        assertEquals(new Captured(1, "", "rtc: " + ws("/healthz") + " is not a WebSocket endpoint: the server answered "
                + "HTTP/1.1 200 OK (text/plain; charset=utf-8)\n"), r);
    }

    @Test
    void timeoutBeforeCountIsExit3() {
        Captured r = WsRun.run("", ws("/ws/quiet"), "-n", "1", "--timeout", "300ms");

        assertEquals(new Captured(3, "", ""), r);
    }

    @Test
    void handshakeRefusedIsExit1WithTheStatusLine() {
        Captured r = WsRun.run("", ws("/nowhere"));

        assertEquals(new Captured(1, "", "rtc: handshake with " + hostPort() + " refused: HTTP/1.1 404 Not Found\n"), r);
    }

    @Test
    void verboseShowsTheHandshakeAndTheNegotiatedSubprotocolAndExtensions() {
        Captured r = WsRun.run("", ws("/echo"), "-v", "--subprotocol", "chat.v2", "--compress", "-x", "hi", "-n", "1");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("hi\n", r.out());
        assertTrue(r.err().startsWith("> GET /echo HTTP/1.1\n"), r.err());
        assertTrue(r.err().contains("> Sec-WebSocket-Protocol: chat.v2\n"), r.err());
        assertTrue(r.err().contains("< HTTP/1.1 101 Switching Protocols\n"), r.err());
        assertTrue(r.err().endsWith("* subprotocol: chat.v2\n* extensions: permessage-deflate\n"), r.err());
    }

    @Test
    void pingIntervalReportsRoundTripTimesInJson() {
        Captured r = WsRun.run("", ws("/echo"), "--json", "--ping-interval", "100ms", "--wait", "450ms");

        assertEquals(0, r.exitCode(), r.err());
        long pongs = r.out().lines().filter(l -> l.matches("\\{\"type\":\"pong\",\"ts\":\"[^\"]+\",\"rtt_ms\":\\d+\\.?\\d*}")).count();
        assertTrue(pongs >= 2, r.out());
    }

    @Test
    void wrongSchemesAndMalformedUrlsAreUsageErrors() {
        assertEquals(new Captured(2, "", "rtc: unsupported scheme http:// in http://127.0.0.1:1/echo: expected ws:// or wss:// "
                + "(a WebSocket URL of the same server is ws://…) (see 'rtc ws --help')\n"), WsRun.run("", "http://127.0.0.1:1/echo"));
        assertEquals(new Captured(2, "", "rtc: unsupported scheme ftp:// in ftp://example.com/: expected ws:// or wss:// (see 'rtc ws --help')\n"),
                WsRun.run("", "ftp://example.com/"));
        assertEquals(new Captured(2, "", "rtc: malformed URL: ws://[::1 (Expected closing bracket for IPv6 address) (see 'rtc ws --help')\n"),
                WsRun.run("", "ws://[::1"));
        assertEquals(new Captured(2, "", "rtc: missing URL: give a ws:// or wss:// URL, or -l [HOST:]PORT to listen (see 'rtc ws --help')\n"),
                WsRun.run(""));
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOutAfterConnectTimeout() throws Exception {
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Captured r = WsRun.run("", "ws://127.0.0.1:" + mute.getLocalPort() + "/", "--connect-timeout", "300ms");

            assertEquals(new Captured(1, "", "rtc: cannot connect to 127.0.0.1:" + mute.getLocalPort()
                    + ": no WebSocket handshake within 300ms\n"), r);
        }
    }

    @Test
    void listenAndClientOptionsDoNotMix() {
        assertEquals(new Captured(2, "", "rtc: -l expects [HOST:]PORT with PORT 0 to 65535, got 'abc' (see 'rtc ws --help')\n"), WsRun.run("", "-l", "abc"));
        assertEquals(new Captured(2, "", "rtc: -l listens; it takes no URL (got ws://x/) (see 'rtc ws --help')\n"),
                WsRun.run("", "-l", "0", "ws://x/"));
        assertEquals(new Captured(2, "", "rtc: --echo and --broadcast go with -l (see 'rtc ws --help')\n"),
                WsRun.run("", "--broadcast", "ws://x/"));
        assertEquals(new Captured(2, "", "rtc: -x, --reconnect and --ping-interval are for a client, not -l (see 'rtc ws --help')\n"),
                WsRun.run("", "-l", "0", "--reconnect"));
    }

    @Test
    void connectionRefusedIsExit1() {
        assertEquals(new Captured(1, "", "rtc: cannot connect to 127.0.0.1:1: connection refused\n"), WsRun.run("", "ws://127.0.0.1:1/"));
    }

    @Test
    void reconnectSendsTheExecuteMessagesAgainAfterTheServerDrains() throws Exception {
        ServeConfig config = ServeConfig.loopback();
        TestServer second;
        PipedOutputStream stdin = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(stdin);
        String url = ws("/ws/again");
        int port = served.server.port();
        CompletableFuture<Captured> run = CompletableFuture.supplyAsync(() -> WsRun.run(in, url, "--reconnect", "-x", "hi", "-n", "2", "--json"));
        served.awaitSubscribers("again", "ws", 1);
        served.server.drain();
        second = TestServer.start(config.withPort(port));
        try {
            Captured r = run.get(10, SECONDS);
            assertEquals(0, r.exitCode(), r.err());
            String out = withoutTs(r.out()).replaceAll("\"delay_ms\":\\d+", "\"delay_ms\":D").replaceAll("\"attempt\":\\d+", "\"attempt\":N");
            assertTrue(out.startsWith("{\"type\":\"open\",\"ts\":\"TS\",\"url\":\"" + url + "\"}\n"
                    + "{\"type\":\"message\",\"ts\":\"TS\",\"data\":\"hi\",\"binary\":false}\n"
                    + "{\"type\":\"close\",\"ts\":\"TS\",\"code\":1001,\"reason\":\"server shutting down\"}\n"
                    + "{\"type\":\"reconnect\",\"ts\":\"TS\",\"attempt\":N,\"delay_ms\":D}\n"), out);
            assertTrue(out.endsWith("{\"type\":\"message\",\"ts\":\"TS\",\"data\":\"hi\",\"binary\":false}\n"
                    + "{\"type\":\"close\",\"ts\":\"TS\",\"code\":1000,\"reason\":\"\"}\n"), out);
        } finally {
            second.close();
            stdin.close();
        }
    }
}
