package dev.rtc.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.Captured;
import dev.rtc.Running;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.ServerExtension;
import dev.rtc.serve.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code rtc stream} in-process against {@code rtc serve}'s never-ending {@code /stream/{topic}}, and its usage errors. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class StreamCommandTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer served;

    @BeforeEach
    void start() {
        served = server.get();
    }


    private String url(String path) {
        return served.server.url() + path;
    }

    /** rtc running with these arguments, once the server counts it as a subscriber of {@code topic}. */
    private Running subscribed(String topic, String... args) throws Exception {
        Running rtc = Running.start(args);
        served.awaitSubscribers(topic, "stream", 1);
        return rtc;
    }

    private void publish(String topic, String text) {
        served.server.publish(topic, text.getBytes(UTF_8));
    }

    private static String withoutTs(String ndjson) {
        return ndjson.replaceAll("\"ts\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", "\"ts\":\"TS\"");
    }

    @Test
    void printsEachMessageAsItArrivesWhileTheStreamStaysOpen() throws Exception {
        Running rtc = subscribed("news", "stream", url("/stream/news"), "-n", "2");

        publish("news", "hello");
        rtc.awaitOut("hello\n"::equals);
        publish("news", "world");

        assertEquals(new Captured(0, "hello\nworld\n", ""), rtc.finish());
    }

    @Test
    void jsonHasAnOpenRecordThenMessagesWithTheirSizeAsReceived() throws Exception {
        Running rtc = subscribed("news", "stream", "--json", "-n", "2", url("/stream/news"));

        publish("news", "hello");
        served.server.publish("news", new byte[] {(byte) 0xff, 0});
        Captured run = rtc.finish();

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                {"type":"open","ts":"TS","status":200}
                {"type":"message","ts":"TS","data":"hello","bytes":6}
                {"type":"message","ts":"TS","data":"/wA=","encoding":"base64","bytes":3}
                """, withoutTs(run.out()));
    }

    @Test
    void linesThatAreNotUtf8PrintAsHex() throws Exception {
        Running rtc = subscribed("news", "stream", "-n", "2", url("/stream/news"));

        served.server.publish("news", new byte[] {0, 1, (byte) 0xfe});
        publish("news", "text");

        assertEquals(new Captured(0, "0001fe\ntext\n", ""), rtc.finish());
    }

    @Test
    void hexPrintsTextAsHexToo() throws Exception {
        Running rtc = subscribed("news", "stream", "--hex", "-n", "1", url("/stream/news"));

        publish("news", "hi");

        assertEquals(new Captured(0, "6869\n", ""), rtc.finish());
    }

    @Test
    void base64SwitchesHexToBase64() throws Exception {
        Running rtc = subscribed("news", "stream", "--hex", "--base64", "-n", "2", url("/stream/news"));

        publish("news", "hi");
        served.server.publish("news", new byte[] {(byte) 0xff, 0});

        assertEquals(new Captured(0, "aGk=\n/wA=\n", ""), rtc.finish());
    }

    @Test
    void chunksAreMessagesWithTheirLineEnds() throws Exception {
        Running rtc = subscribed("news", "stream", "--chunks", "--json", "-n", "2", url("/stream/news"));

        publish("news", "one");
        rtc.awaitOut(out -> out.contains("\"data\":\"one\\n\""));
        publish("news", "two");
        Captured run = rtc.finish();

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                {"type":"open","ts":"TS","status":200}
                {"type":"message","ts":"TS","data":"one\\n","bytes":4}
                {"type":"message","ts":"TS","data":"two\\n","bytes":4}
                """, withoutTs(run.out()));
    }

    @Test
    void untilStopsAtTheFirstMatchingLine() throws Exception {
        Running rtc = subscribed("news", "stream", "--until", "^go", url("/stream/news"));

        publish("news", "wait");
        publish("news", "go now");
        publish("news", "too late");

        assertEquals(new Captured(0, "wait\ngo now\n", ""), rtc.finish());
    }

    @Test
    void timeoutBeforeCountIsExitThree() throws Exception {
        Captured run = Captured.run("stream", "--timeout", "300ms", "-n", "1", url("/stream/quiet"));

        assertEquals(new Captured(3, "", ""), run);
    }

    @Test
    void aLineLongerThanMaxLineEndsTheRunSuggestingChunks() throws Exception {
        Running rtc = subscribed("news", "stream", "--max-line", "10", url("/stream/news"));

        publish("news", "0123456789");
        publish("news", "0123456789A");

        assertEquals(new Captured(1, "0123456789\n", "rtc: a line longer than --max-line (10 bytes) from "
                + url("/stream/news") + ": use --chunks, or a bigger --max-line\n"), rtc.finish());
    }

    @Test
    void theServerEndingTheStreamIsExitZero() throws Exception {
        Running rtc = subscribed("news", "stream", url("/stream/news"));
        publish("news", "bye");
        rtc.awaitOut("bye\n"::equals);

        served.server.drain();

        assertEquals(new Captured(0, "bye\n", ""), rtc.finish());
    }

    @Test
    void theStreamEndingBeforeCountIsMetIsAFailure() throws Exception {
        Running rtc = subscribed("news", "stream", "-n", "5", "--json", url("/stream/news"));
        publish("news", "bye");
        rtc.awaitOut(out -> out.contains("bye"));

        served.server.drain();
        Captured run = rtc.finish();

        assertEquals(1, run.exitCode());
        assertEquals("""
                {"type":"open","ts":"TS","status":200}
                {"type":"message","ts":"TS","data":"bye","bytes":4}
                {"type":"close","ts":"TS"}
                """, withoutTs(run.out()));
        assertEquals("rtc: the connection ended after 1 message, before --count 5 was met\n", run.err());
    }

    @Test
    void anErrorStatusIsExitOneNamingStatusAndUrl() {
        Captured run = Captured.run("stream", url("/nope"));

        assertEquals(new Captured(1, "", "rtc: HTTP 404 Not Found from " + url("/nope") + ": no route for /nope (GET / lists the routes)\n"), run);
    }

    @Test
    void connectionRefusedIsOneLineAndExitOne() {
        Captured run = Captured.run("stream", "http://127.0.0.1:1/stream/news");

        assertEquals(new Captured(1, "", "rtc: cannot connect to 127.0.0.1:1: connection refused\n"), run);
    }

    @Test
    void reconnectDoesNotRetryAFirstConnectionThatFails() {
        Captured run = Captured.run("stream", "--reconnect", "http://127.0.0.1:1/stream/news");

        assertEquals(new Captured(1, "", "rtc: cannot connect to 127.0.0.1:1: connection refused\n"), run);
    }

    @Test
    void anotherSchemeIsAUsageError() {
        Captured run = Captured.run("stream", "ftp://example.com/news");

        assertEquals(new Captured(2, "", "rtc: unsupported scheme ftp:// in ftp://example.com/news: expected http:// or https:// (see 'rtc stream --help')\n"), run);
    }

    @Test
    void aMalformedUrlIsAUsageError() {
        Captured run = Captured.run("stream", "http://");

        assertEquals(new Captured(2, "", "rtc: malformed URL: http:// (see 'rtc stream --help')\n"), run);
    }

    @Test
    void linesAndChunksAreMutuallyExclusive() {
        Captured run = Captured.run("stream", "--lines", "--chunks", "http://127.0.0.1:1/");

        assertEquals(new Captured(2, "", "rtc: Error: --lines, --chunks are mutually exclusive (specify only one) "
                + "(see 'rtc stream --help')\n"), run);
    }
}
