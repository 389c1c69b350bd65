package dev.rtc.stream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.Running;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code rtc stream} against a server we did not write (Python's http.server, src/test/interop/py/stream_server.py),
 * with curl as the reference for what the bytes on the wire are.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = SECONDS)
class StreamInteropTest {
    private static final Duration START = Duration.ofSeconds(10);

    private Proc python;
    private int port;

    @BeforeEach
    void start() {
        python = Proc.start(Tool.plainPython(), Tool.script("py/stream_server.py").toString());
        port = Integer.parseInt(python.nextLine(START));
    }

    @AfterEach
    void stop() {
        python.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String curl(String path) {
        Proc.Result r = Proc.run(Duration.ofSeconds(10), Tool.curl(), "-sSN", "--max-time", "8", url(path));
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    /** A request the way a one-off client makes it, to poke the server (its own socket, closed before returning). */
    private void get(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
            out.flush();
            s.getInputStream().readAllBytes();
        }
    }

    private static String withoutTs(String ndjson) {
        return ndjson.replaceAll("\"ts\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", "\"ts\":\"TS\"");
    }

    @Test
    void theFirstLineIsPrintedWhileTheServerStillHoldsTheResponse() throws Exception {
        Running rtc = Running.start("stream", url("/hold"));

        rtc.awaitOut("first\n"::equals); // the server sends "second" only after /release below
        get("/release");

        assertEquals(new Captured(0, "first\nsecond\n", ""), rtc.finish());
    }

    @Test
    void linesAreCurlsLinesWithoutCrlfAndWithTheUnterminatedLastOne() {
        String wire = curl("/lines");
        Captured run = Captured.run("stream", "--lines", url("/lines"));

        assertEquals("one\ntwo\r\nthree\nfour", wire);
        assertEquals(new Captured(0, "one\ntwo\nthree\nfour\n", ""), run);
    }

    @Test
    void rawWritesTheBodyByteForByteAsCurlDoes() {
        String wire = curl("/lines");

        assertEquals(new Captured(0, wire, ""), Captured.run("stream", "--raw", url("/lines")));
        assertEquals(new Captured(0, wire, ""), Captured.run("stream", "--chunks", "--raw", url("/lines")));
    }

    @Test
    void jsonCountsEachLineWithItsLineEnd() {
        Captured run = Captured.run("stream", "--json", url("/lines"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                {"type":"open","ts":"TS","status":200}
                {"type":"message","ts":"TS","data":"one","bytes":4}
                {"type":"message","ts":"TS","data":"two","bytes":5}
                {"type":"message","ts":"TS","data":"three","bytes":6}
                {"type":"message","ts":"TS","data":"four","bytes":4}
                {"type":"close","ts":"TS"}
                """, withoutTs(run.out()));
    }

    @Test
    void chunksAreTheReadsAsTheyCameHoweverTheLinesWereSplit() {
        Captured run = Captured.run("stream", "--chunks", "--json", url("/lines"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                {"type":"open","ts":"TS","status":200}
                {"type":"message","ts":"TS","data":"one\\n","bytes":4}
                {"type":"message","ts":"TS","data":"two\\r\\n","bytes":5}
                {"type":"message","ts":"TS","data":"th","bytes":2}
                {"type":"message","ts":"TS","data":"ree\\n","bytes":4}
                {"type":"message","ts":"TS","data":"four","bytes":4}
                {"type":"close","ts":"TS"}
                """, withoutTs(run.out()));
    }

    @Test
    void binaryLinesPrintAsHexAndHexOrBase64PrintsEveryLine() {
        assertEquals(new Captured(0, "0001feff\ntext\n", ""), Captured.run("stream", url("/binary")));
        assertEquals(new Captured(0, "0001feff\n74657874\n", ""), Captured.run("stream", "--hex", url("/binary")));
        assertEquals(new Captured(0, "AAH+/w==\ndGV4dA==\n", ""),
                Captured.run("stream", "--hex", "--base64", url("/binary")));
    }

    @Test
    void maxLineAcceptsALineOfExactlyThatSizeAndRejectsALongerOne() {
        Captured fits = Captured.run("stream", "--max-line", "1KiB", url("/long?size=1024"));
        Captured over = Captured.run("stream", "--max-line", "1KiB", url("/long?size=1025"));
        Captured chunked = Captured.run("stream", "--chunks", "--max-line", "1KiB", "--json", url("/long?size=1025"));

        assertEquals(0, fits.exitCode(), fits.err());
        assertEquals("x".repeat(1024) + "\nafter\n", fits.out());
        assertEquals(new Captured(1, "", "rtc: a line longer than --max-line (1024 bytes) from "
                + url("/long?size=1025") + ": use --chunks, or a bigger --max-line\n"), over);
        assertEquals(0, chunked.exitCode(), "--chunks has no line to hold: " + chunked.err());
    }

    @Test
    void aLineLongerThanMaxLineFailsBeforeItsEndArrives() {
        // 64 KiB arrive in several reads; memory is bounded by the limit, not by the line.
        Captured run = Captured.run("stream", "--max-line", "100", url("/long?size=65536"));

        assertEquals(new Captured(1, "", "rtc: a line longer than --max-line (100 bytes) from "
                + url("/long?size=65536") + ": use --chunks, or a bigger --max-line\n"), run);
    }

    @Test
    void anEmptyBodyOrNoContentIsReportedAndEndsTheStream() {
        assertEquals(new Captured(0, "", "rtc: warning: HTTP 200 OK with an empty body from " + url("/empty") + "\n"),
                Captured.run("stream", url("/empty")));
        assertEquals(new Captured(0, "", "rtc: warning: HTTP 204 No Content from " + url("/nocontent") + "\n"),
                Captured.run("stream", url("/nocontent")));
        assertEquals(new Captured(1, "", "rtc: warning: HTTP 204 No Content from " + url("/nocontent") + "\n"
                        + "rtc: the connection ended after 0 messages, before --count 1 was met\n"),
                Captured.run("stream", "-n", "1", url("/nocontent")));
    }

    @Test
    void asksForTheBodyUncompressedUnlessAHeaderSaysOtherwise() {
        assertEquals(new Captured(0, "identity\n", ""), Captured.run("stream", url("/accept-encoding")));
        assertEquals(new Captured(0, "br\n", ""),
                Captured.run("stream", "-H", "Accept-Encoding: br", url("/accept-encoding")));
    }

    @Test
    void aServerErrorIsExitOne() {
        assertEquals(new Captured(1, "", "rtc: HTTP 500 Internal Server Error from " + url("/error") + ": boom\n"),
                Captured.run("stream", url("/error")));
    }

    @Test
    void countStopsMidStreamAndAnUnmetCountIsAFailure() {
        assertEquals(new Captured(0, "one\ntwo\n", ""), Captured.run("stream", "-n", "2", url("/lines")));
        assertEquals(new Captured(1, "one\ntwo\nthree\nfour\n",
                "rtc: the connection ended after 4 messages, before --count 5 was met\n"),
                Captured.run("stream", "--count", "5", url("/lines")));
    }

    @Test
    void withoutReconnectAnEndedStreamIsDone() {
        assertEquals(new Captured(0, "connection 1\n", ""), Captured.run("stream", url("/ends")));
    }

    @Test
    void reconnectReopensAnEndedStreamAfterAShortBackoff() {
        Captured run = Captured.run("stream", "--reconnect", "-n", "3", url("/ends"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("connection 1\nconnection 2\nconnection 3\n", run.out());
        List<String> err = run.err().lines().toList();
        assertEquals(2, err.size(), run.err());
        for (String line : err) {
            assertTrue(line.matches("reconnecting in \\d+ms \\(attempt 1\\)"), line + " (data resets the backoff)");
        }
    }

    @Test
    void reconnectRecordsInJson() {
        Captured run = Captured.run("stream", "--reconnect", "--json", "-n", "2", url("/ends"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                {"type":"open","ts":"TS","status":200}
                {"type":"message","ts":"TS","data":"connection 1","bytes":13}
                {"type":"close","ts":"TS"}
                {"type":"reconnect","ts":"TS","attempt":1,"delay_ms":MS}
                {"type":"open","ts":"TS","status":200}
                {"type":"message","ts":"TS","data":"connection 2","bytes":13}
                """, withoutTs(run.out()).replaceAll("\"delay_ms\":(\\d+)", "\"delay_ms\":MS"));
        long delay = Long.parseLong(run.out().replaceAll("(?s).*\"delay_ms\":(\\d+).*", "$1"));
        assertTrue(delay >= 125 && delay <= 250, "first delay within 250ms, at least half of it: " + delay);
    }

    @Test
    void reconnectRetriesAServerErrorOnlyAfterTheStreamOnceWorked() {
        assertEquals(new Captured(1, "", "rtc: HTTP 500 Internal Server Error from " + url("/error") + ": boom\n"),
                Captured.run("stream", "--reconnect", url("/error")), "a first answer of 5xx is exit 1 at once");

        Captured run = Captured.run("stream", "--reconnect", "-n", "2", url("/flaky"));

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("request 1\nrequest 3\n", run.out());
        List<String> err = run.err().lines().toList();
        assertEquals(3, err.size(), run.err());
        assertTrue(err.get(0).matches("reconnecting in \\d+ms \\(attempt 1\\)"), run.err());
        assertEquals("rtc: HTTP 503 Service Unavailable from " + url("/flaky") + ": restarting", err.get(1));
        assertTrue(err.get(2).matches("reconnecting in \\d+ms \\(attempt 2\\)"), run.err());
    }

    @Test
    void aBrokenStreamIsExitOneNamingTheHostAndNotPrintingTheCutLine() {
        assertEquals(new Captured(1, "", "rtc: 127.0.0.1:" + port + ": unexpected end of stream\n"),
                Captured.run("stream", url("/broken")));
    }

    @Test
    void reconnectRetriesABrokenStreamWithAGrowingBackoffUntilTheTimeout() {
        Captured run = Captured.run("stream", "--reconnect", "--timeout", "2s", url("/broken"));

        assertEquals(3, run.exitCode(), run.err());
        assertEquals("", run.out());
        List<String> err = run.err().lines().toList();
        assertEquals("rtc: 127.0.0.1:" + port + ": unexpected end of stream", err.get(0));
        assertTrue(err.get(1).matches("reconnecting in \\d+ms \\(attempt 1\\)"), run.err());
        assertTrue(err.contains("rtc: 127.0.0.1:" + port + ": unexpected end of stream") && err.size() >= 4
                && err.get(3).matches("reconnecting in \\d+ms \\(attempt 2\\)"), "no partial line resets the backoff:\n" + run.err());
    }
}
