package dev.rtc.poll;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.Running;
import dev.rtc.http.PollServer;
import dev.rtc.serve.LeakCheck;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code rtc poll} against Python's http.server: bodies, validators, cursors, statuses, exit codes. */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class PollCommandTest {
    private static PollServer server;

    @BeforeAll
    static void start() {
        server = PollServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The requests the server saw whose path starts with {@code prefix}, as its log lines. */
    private static List<String> requests(String prefix) {
        return server.log().stream().filter(l -> l.contains("\"path\": \"" + prefix)).toList();
    }

    @Test
    void printsEveryBodyOnItsOwnLineUntilTheCount() {
        Captured run = Captured.run("poll", server.url("/plain/every"), "-i", "10ms", "-n", "3");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("every v1\nevery v1\nevery v1\n", run.out());
        assertEquals("", run.err());
        assertEquals(3, requests("/plain/every").size());
    }

    @Test
    void printsWhatCurlPrintsPlusTheLineEnd() {
        for (String path : new String[] {"/plain/reference", "/json/%5B%22%C3%A9%22%2C%20%7B%7D%5D", "/status/200"}) {
            String curl = dev.rtc.serve.interop.Proc.run(java.time.Duration.ofSeconds(10),
                    dev.rtc.serve.interop.Tool.curl(), "-sS", server.url(path)).out();
            Captured rtc = Captured.run("poll", server.url(path), "-n", "1");

            assertEquals(curl + "\n", rtc.out(), path);
        }
    }

    @Test
    void intervalSpacesTheRequests() {
        long start = System.nanoTime();
        Captured run = Captured.run("poll", server.url("/plain/spaced"), "-i", "300ms", "-n", "3");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(tookMs >= 600, "three polls 300ms apart took only " + tookMs + " ms");
    }

    @Test
    void changesUsesTheETagAndPrintsOnlyNewVersions() throws Exception {
        Running run = Running.start("poll", server.url("/etag/tagged"), "-i", "20ms", "--changes", "-n", "2");
        run.awaitOut(out -> out.equals("tagged v1\n"));
        while (requests("/etag/tagged").size() < 3) Thread.sleep(10);
        server.bump("tagged");
        Captured done = run.finish();

        assertEquals(0, done.exitCode(), done.err());
        assertEquals("tagged v1\ntagged v2\n", done.out());
        List<String> seen = requests("/etag/tagged");
        assertTrue(seen.get(0).contains("\"if-none-match\": null"), seen.get(0));
        assertTrue(seen.get(1).contains("\"if-none-match\": \"\\\"1\\\"\""), seen.get(1));
    }

    @Test
    void changesUsesLastModifiedWhenThatIsWhatTheServerOffers() throws Exception {
        Running run = Running.start("poll", server.url("/lastmod/dated"), "-i", "20ms", "--changes", "-n", "2");
        run.awaitOut(out -> out.equals("dated v1\n"));
        while (requests("/lastmod/dated").size() < 3) Thread.sleep(10);
        server.bump("dated");
        Captured done = run.finish();

        assertEquals("dated v1\ndated v2\n", done.out());
        assertTrue(requests("/lastmod/dated").get(1).contains("\"if-modified-since\": \""), requests("/lastmod/dated").get(1));
    }

    @Test
    void changesComparesBodiesWhenThereAreNoValidators() throws Exception {
        Running run = Running.start("poll", server.url("/plain/bare"), "-i", "20ms", "--changes", "-n", "2");
        run.awaitOut(out -> out.equals("bare v1\n"));
        while (requests("/plain/bare").size() < 3) Thread.sleep(10);
        server.bump("bare");
        Captured done = run.finish();

        assertEquals("bare v1\nbare v2\n", done.out());
    }

    @Test
    void cursorCarriesAValueFromEachBodyIntoTheNextRequest() {
        Captured run = Captured.run("poll", server.url("/items"), "-i", "0", "-n", "3", "--cursor", "/next");

        assertEquals(0, run.exitCode(), run.err());
        List<String> paths = requests("/items").stream().map(l -> l.replaceAll(".*\"path\": \"([^\"]*)\".*", "$1")).toList();
        assertEquals(List.of("/items", "/items?since=1", "/items?since=2"), paths);
        assertEquals("{\"items\": [1], \"next\": 1}\n{\"items\": [2], \"next\": 2}\n{\"items\": [3], \"next\": 3}\n", run.out());
    }

    @Test
    void cursorParamNamesTheQueryParameterAndKeepsTheOthers() {
        Captured run = Captured.run("poll", server.url("/json/%7B%22page%22%3A%22p%202%22%7D?x=1"), "-i", "0", "-n", "2",
                "--cursor", "/page", "--cursor-param", "after");

        assertEquals(0, run.exitCode(), run.err());
        List<String> seen = requests("/json/%7B%22page");
        assertTrue(seen.get(1).contains("?x=1&after=p%202\""), seen.get(1));
    }

    @Test
    void aCursorMissingFromTheBodyIsWarnedOnceAndLeftOut() {
        Captured run = Captured.run("poll", server.url("/json/%7B%22other%22%3A1%7D"), "-i", "0", "-n", "3", "--cursor", "/next");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("rtc: warning: --cursor /next is not in the response; the next request goes without since\n", run.err());
        assertTrue(requests("/json/%7B%22other").stream().noneMatch(l -> l.contains("since=")), String.join("\n", requests("/json/%7B%22other")));
    }

    @Test
    void aCursorOnABodyThatIsNotJsonIsWarnedAbout() {
        Captured run = Captured.run("poll", server.url("/plain/notjson"), "-i", "0", "-n", "2", "--cursor", "/next");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("rtc: warning: --cursor /next cannot be read: the response is not JSON ("), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void aCursorThatIsNotAPointerIsAUsageError() {
        Captured run = Captured.run("poll", server.url("/items"), "--cursor", "last_id");

        assertEquals(2, run.exitCode());
        assertEquals("rtc: --cursor expects a JSON pointer such as /last_id, got 'last_id' (see 'rtc poll --help')\n", run.err());
    }

    @Test
    void httpErrorsAreReportedAndPollingGoesOn() {
        Captured run = Captured.run("poll", server.url("/flaky/2"), "-i", "0", "-n", "1");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("recovered\n", run.out());
        String error = "rtc: HTTP 503 Service Unavailable from " + server.url("/flaky/2") + ": busy\n"; // the server's text/plain reason
        assertEquals(error + error, run.err());
    }

    @Test
    void failExitsOneAtTheFirstHttpError() {
        Captured run = Captured.run("poll", server.url("/status/404"), "--fail");

        assertEquals(1, run.exitCode());
        assertEquals("rtc: HTTP 404 Not Found from " + server.url("/status/404") + ": status 404\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void aRefusedFirstConnectionIsExitOneAtOnceAsForEveryClient() {
        long start = System.nanoTime();
        Captured run = Captured.run("poll", "http://127.0.0.1:1/", "-i", "100ms", "--timeout", "5s");

        assertEquals(new Captured(1, "", "rtc: cannot connect to 127.0.0.1:1: connection refused\n"), run);
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "not at once");
    }

    @Test
    void failStopsAtARefusedConnection() {
        Captured run = Captured.run("poll", "http://127.0.0.1:1/", "--fail");

        assertEquals(1, run.exitCode());
        assertEquals("rtc: cannot connect to 127.0.0.1:1: connection refused\n", run.err());
    }

    @Test
    void jsonRecordsCarrySeqStatusLatencyAndBytes() {
        Captured run = Captured.run("poll", server.url("/flaky/1"), "-i", "0", "-n", "1", "--json");

        assertEquals(0, run.exitCode(), run.err());
        Matcher m = Pattern.compile("\\{\"type\":\"error\",\"ts\":\"[^\"]+\",\"message\":\"HTTP 503 Service Unavailable from [^\"]+\"}\n"
                + "\\{\"type\":\"message\",\"ts\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"data\":\"recovered\","
                + "\"seq\":2,\"status\":200,\"latency_ms\":(\\d+\\.?\\d*),\"bytes\":9}\n").matcher(run.out());
        assertTrue(m.matches(), run.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0, m.group(1));
        assertEquals("", run.err());
    }

    @Test
    void binaryBodiesAreHexOrBase64NeverLossyText() {
        Captured hex = Captured.run("poll", server.url("/binary"), "-n", "1");
        Captured base64 = Captured.run("poll", server.url("/binary"), "-n", "1", "--base64");

        assertEquals("ff00fe01\n", hex.out());
        assertEquals("/wD+AQ==\n", base64.out());
    }

    @Test
    void anEmptyBodyIsReportedOnceAndNotPrinted() {
        Captured run = Captured.run("poll", server.url("/empty"), "-i", "20ms", "--timeout", "200ms");

        assertEquals(3, run.exitCode());
        assertEquals("", run.out());
        assertEquals("rtc: warning: HTTP 200 OK with an empty body from " + server.url("/empty") + " (not printed)\n", run.err());
    }

    @Test
    void untilStopsAtTheFirstMatchingBody() throws Exception {
        Running run = Running.start("poll", server.url("/plain/until"), "-i", "20ms", "--changes", "--until", "v3$");
        run.awaitOut(out -> out.equals("until v1\n"));
        server.bump("until");
        run.awaitOut(out -> out.equals("until v1\nuntil v2\n"));
        server.bump("until");
        Captured done = run.finish();

        assertEquals(0, done.exitCode(), done.err());
        assertEquals("until v1\nuntil v2\nuntil v3\n", done.out());
    }

    @Test
    void timeoutExitsThreeWhenTheCountIsNotMet() {
        Captured run = Captured.run("poll", server.url("/etag/never"), "-i", "20ms", "--changes", "-n", "2", "--timeout", "300ms");

        assertEquals(3, run.exitCode());
        assertEquals("never v1\n", run.out());
    }

    @Test
    void aNegativeIntervalIsAUsageError() {
        Captured run = Captured.run("poll", server.url("/plain/x"), "-i", "-1s");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("rtc: "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
