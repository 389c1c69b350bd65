package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile paths (quotes, backslashes, control characters, bytes that are not UTF-8, very long) on every
 * error status and the WebSocket routes' refusals: each body is JSON, as a parser we did not write reads it.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = SECONDS)
class ErrorBodiesTest {
    /** Percent-encoded as a client would send them, and raw where HTTP lets them through. */
    private static final List<String> HOSTILE = List.of(
            "a%22b", "a\"b", "back%5Cslash", "back\\slash", "ctl%01%1F%7F", "tab%09nl%0Acr%0D", "%FF%FE", "%C3%28",
            "u2028%E2%80%A8", "quote%22%5C%22", "x".repeat(7000));

    @RegisterExtension
    final ServerExtension server = ServerExtension.onDemand();
    private TestServer t;
    @TempDir
    Path dir;


    /** One request over a raw socket (the JDK's client refuses some of these paths); the response's body. */
    private String body(String request) throws IOException {
        try (RawConnection raw = new RawConnection(t.server)) {
            raw.write(request.getBytes(StandardCharsets.UTF_8));
            String response = raw.readResponse();
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static String get(String method, String path, String... headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers) + "\r\n";
    }

    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    /** Each body through Python's json module (one process for all); the ones it refused, with what it said. */
    private List<String> notJson(List<String> bodies) throws IOException {
        List<String> command = new ArrayList<>(List.of(Tool.plainPython(), "-c",
                "import json, sys\n"
                + "for name in sys.argv[1:]:\n"
                + "    with open(name, encoding='utf-8') as f:\n"
                + "        text = f.read()\n"
                + "    try:\n"
                + "        json.loads(text)\n"
                + "    except ValueError as e:\n"
                + "        print(repr(text[:200]), '->', e)\n"));
        for (int i = 0; i < bodies.size(); i++) {
            Path file = dir.resolve("body" + i + ".json");
            Files.write(file, bodies.get(i).getBytes(StandardCharsets.UTF_8));
            command.add(file.toString());
        }
        Proc.Result r = Proc.run(Duration.ofSeconds(20), command);
        assertEquals(0, r.exit(), r.err());
        return r.out().isEmpty() ? List.of() : List.of(r.out().split("\n"));
    }

    @Test
    void everyErrorBodyIsJsonWhateverThePath() throws Exception {
        ServeConfig c = ServeConfig.loopback().withLimits(16, 4 << 20);
        t = server.start(c);
        List<String> bodies = new ArrayList<>();
        for (String p : HOSTILE) {
            bodies.add(body(get("GET", "/poll/" + p)));                                       // 400
            bodies.add(body(get("GET", "/" + p)));                                            // 404
            bodies.add(body(get("DELETE", "/poll/" + p)));                                    // 405
            bodies.add(body(get("POST", "/publish/" + p, "Content-Length: 17\r\n")));         // 413
            bodies.add(body(get("GET", "/ws/" + p, UPGRADE)));                                // 400 on the WebSocket route
            bodies.add(body(get("GET", "/signal/" + p, UPGRADE)));                            // 400 on the signal route
        }
        bodies.add(body(get("GET", "/echo")));                                                // 426
        bodies.add(body(get("GET", "/ws/news")));                                             // 426
        bodies.add(body(get("GET", "/" + "x".repeat(9000))));                                 // 414

        assertEquals(List.of(), notJson(bodies));
        assertTrue(bodies.contains("{\"error\":\"DELETE is not allowed on /poll/a\\\"b; use GET\",\"status\":405}"), bodies.toString());
    }

    @Test
    void aRefusedTokenAndATopicLimitAreJsonToo() throws Exception {
        ServeConfig c = ServeConfig.loopback().withAccess(null, "s3cret");
        t = server.start(c.with(c.limits().withMaxTopics(1)));
        List<String> bodies = new ArrayList<>();
        for (String p : HOSTILE) bodies.add(body(get("GET", "/poll/" + p)));                  // 401
        bodies.add(body(get("POST", "/publish/one?token=s3cret", "Content-Length: 1\r\n") + "1"));
        bodies.add(body(get("GET", "/ws/two?token=s3cret", UPGRADE)));                        // 503

        assertEquals(List.of(), notJson(bodies));
        assertTrue(bodies.get(bodies.size() - 1).contains("--max-topics"), bodies.toString());
    }

    @Test
    void theAccessLogNeverShowsAToken() throws Exception {
        StringWriter log = new StringWriter();
        t = server.start(ServeConfig.loopback().withAccess(null, "s3cret").withLog(new PrintWriter(log, true)));

        t.http.get("/topics?token=s3cret");
        t.http.get("/poll/news?since=0&token=s3cret&limit=1");
        t.http.get("/topics?%74oken=s3cret;token=s3cret");
        t.http.get("/topics", "Authorization", "Bearer s3cret");
        t.http.get("/topics?token=guess");
        // The line of a request is written once its response is, so the client may read the 401 first.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!log.toString().contains("\" 401 ") && System.nanoTime() < deadline) Thread.onSpinWait();

        String lines = log.toString();
        assertFalse(lines.contains("s3cret"), lines);
        assertFalse(lines.contains("guess"), lines);
        assertTrue(lines.contains("\"GET /topics?token=REDACTED\" 200 "), lines);
        assertTrue(lines.contains("\"GET /poll/news?since=0&token=REDACTED&limit=1\" 200 "), lines);
        assertTrue(lines.contains("\"GET /topics?%74oken=REDACTED;token=REDACTED\" 200 "), lines);
        assertTrue(lines.contains("\"GET /topics?token=REDACTED\" 401 "), lines);
    }
}
