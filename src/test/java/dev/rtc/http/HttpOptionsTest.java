package dev.rtc.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.json.JsonReader;
import dev.rtc.serve.LeakCheck;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared HTTP request options, as a server we did not write receives them (its /echo route). */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class HttpOptionsTest {
    private static PollServer server;

    @BeforeAll
    static void start() {
        server = PollServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One request to /echo with these options; what the server saw. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> echo(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "poll";
        args[1] = server.url("/echo");
        args[2] = "-n";
        args[3] = "1";
        System.arraycopy(options, 0, args, 4, options.length);
        Captured run = Captured.run(args);
        assertEquals(0, run.exitCode(), run.err());
        return (Map<String, Object>) JsonReader.parse(run.out());
    }

    @SuppressWarnings("unchecked")
    private static String header(Map<String, Object> echo, String name) {
        return (String) ((Map<String, Object>) echo.get("headers")).get(name);
    }

    @Test
    void defaultsToGetWithOurUserAgentAndNoBody() {
        Map<String, Object> seen = echo();

        assertEquals("GET", seen.get("method"));
        assertEquals("", seen.get("body"));
        assertTrue(header(seen, "user-agent").startsWith("rtc/"), header(seen, "user-agent"));
    }

    @Test
    void headersAreSentAsGivenAndMayReplaceTheUserAgent() {
        Map<String, Object> seen = echo("-H", "X-One: 1", "--header", "X-Two:two words", "-H", "User-Agent: probe/1");

        assertEquals("1", header(seen, "x-one"));
        assertEquals("two words", header(seen, "x-two"));
        assertEquals("probe/1", header(seen, "user-agent"));
    }

    @Test
    void dataMakesAPostAndGuessesJsonOrText() {
        Map<String, Object> json = echo("-d", " {\"q\":1}");
        Map<String, Object> text = echo("--data", "plain words");

        assertEquals("POST", json.get("method"));
        assertEquals(" {\"q\":1}", json.get("body"));
        assertEquals("application/json", header(json, "content-type"));
        assertEquals("plain words", text.get("body"));
        assertEquals("text/plain; charset=utf-8", header(text, "content-type"));
    }

    @Test
    void dataFromAFileWithTheMethodAndContentTypeGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("body.txt");
        Files.writeString(file, "a=1&b=2\n", StandardCharsets.UTF_8);

        Map<String, Object> seen = echo("-X", "put", "-d", "@" + file, "-H", "Content-Type: application/x-www-form-urlencoded");

        assertEquals("PUT", seen.get("method"));
        assertEquals("a=1&b=2\n", seen.get("body"));
        assertEquals("application/x-www-form-urlencoded", header(seen, "content-type"));
    }

    @Test
    void requestMethodWithoutDataSendsNoBody() {
        Map<String, Object> seen = echo("-X", "DELETE");

        assertEquals("DELETE", seen.get("method"));
        assertEquals("", seen.get("body"));
    }

    @Test
    void userAndBearerBecomeAuthorization() {
        assertEquals("Basic dXNlcjpzM2NyZXQ6eA==", header(echo("-u", "user:s3cret:x"), "authorization"));
        assertEquals("Bearer t0k", header(echo("--bearer", "t0k"), "authorization"));
    }

    @Test
    void verbosePrintsBothHeadsOnStderrAndOnlyTheBodyOnStdout() {
        Captured run = Captured.run("poll", server.url("/plain/verbose"), "-n", "1", "-v", "-H", "X-Probe: yes");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("verbose v1\n", run.out());
        String[] err = run.err().split("\n");
        assertEquals("> GET /plain/verbose HTTP/1.1", err[0]);
        assertTrue(run.err().contains("\n> X-Probe: yes\n"), run.err());
        assertTrue(run.err().contains("\n> Host: 127.0.0.1:" + server.port() + "\n"), run.err());
        assertTrue(run.err().contains("\n< HTTP/1.1 200 OK\n"), run.err());
        assertTrue(run.err().contains("\n< Content-Length: 10\n"), run.err());
    }

    @Test
    void verboseAddsTheStackTraceOfAFailure() {
        Captured run = Captured.run("longpoll", "http://127.0.0.1:1/", "-v");

        assertEquals(1, run.exitCode());
        assertEquals("rtc: cannot connect to 127.0.0.1:1: connection refused", run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("\n\tat "), run.err());
    }

    @Test
    void aUrlWithoutSchemeIsHttp() {
        Captured run = Captured.run("poll", "127.0.0.1:" + server.port() + "/plain/noscheme", "-n", "1");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("noscheme v1\n", run.out());
    }

    @Test
    void anHttpProxyReceivesTheAbsoluteUrl() {
        Captured run = Captured.run("poll", "http://origin.invalid/plain/proxied", "-n", "1",
                "--proxy", "http://127.0.0.1:" + server.port());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("proxied v1\n", run.out());
        assertTrue(server.log().stream().anyMatch(l -> l.contains("\"path\": \"http://origin.invalid/plain/proxied\"")),
                String.join("\n", server.log()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ftp://example.org/x|rtc: unsupported scheme ftp:// in ftp://example.org/x: expected http:// or https:// (see 'rtc poll --help')",
        "ws://127.0.0.1:1/ws|rtc: unsupported scheme ws:// in ws://127.0.0.1:1/ws: expected http:// or https:// (for WebSocket use rtc ws) (see 'rtc poll --help')",
        "http://|rtc: malformed URL: http:// (see 'rtc poll --help')",
        "http://exa mple.org/|rtc: malformed URL: http://exa mple.org/ (see 'rtc poll --help')",
    })
    void malformedUrlsAndOtherSchemesAreUsageErrors(String url, String message) {
        Captured run = Captured.run("poll", url);

        assertEquals(2, run.exitCode());
        assertEquals(message + "\n", run.err());
        assertEquals("", run.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-H|no-colon|rtc: --header expects 'Name: value', got 'no-colon' (see 'rtc poll --help')",
        "-u|nopassword|rtc: --user expects USER:PASSWORD (see 'rtc poll --help')",
        "-d|@/nonexistent/file|rtc: --data: no such file /nonexistent/file (see 'rtc poll --help')",
        "--proxy|ftp://127.0.0.1:1|rtc: --proxy: unsupported scheme ftp://; expected http:// or socks5:// (see 'rtc poll --help')",
        "--cacert|/nonexistent.pem|rtc: --cacert: cannot read /nonexistent.pem (see 'rtc poll --help')",
    })
    void badOptionValuesAreUsageErrors(String option, String value, String message) {
        Captured run = Captured.run("poll", server.url("/echo"), option, value);

        assertEquals(2, run.exitCode(), run.err());
        assertEquals(message + "\n", run.err());
    }

    @Test
    void aGetCannotCarryData() {
        Captured run = Captured.run("poll", server.url("/echo"), "-X", "GET", "-d", "x");

        assertEquals(2, run.exitCode());
        assertEquals("rtc: a GET request cannot carry --data; use -X POST (or leave -X out) (see 'rtc poll --help')\n", run.err());
    }

    @Test
    void connectTimeoutGivesUpOnAServerThatNeverAccepts() throws Exception {
        // A listening socket whose accept queue is full: the kernel drops further SYNs, so connect hangs.
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fill = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fill.add(s);
                    } catch (java.io.IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                long start = System.nanoTime();
                Captured run = Captured.run("longpoll", "http://127.0.0.1:" + full.getLocalPort() + "/", "--connect-timeout", "300ms");
                long tookMs = (System.nanoTime() - start) / 1_000_000;

                assertEquals(1, run.exitCode(), run.err());
                assertEquals("rtc: cannot connect to 127.0.0.1:" + full.getLocalPort() + ": timed out\n", run.err());
                assertTrue(tookMs < 5_000, "gave up after " + tookMs + " ms");
            } finally {
                for (java.net.Socket s : fill) s.close();
            }
        }
    }
}
