package dev.rtc.compare;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.Server;
import dev.rtc.serve.interop.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.rtc.serve.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rtc compare} end to end against the embedded server and one started apart, with small numbers;
 * its --json and --csv read by Python's json and csv modules, not by rtc's own code.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 60, unit = SECONDS)
class CompareRunTest {
    /** Each technique's record as Python's json (or csv) module read it: technique → field → value as text. */
    private static Map<String, Map<String, String>> parsed(String output, String format) throws Exception {
        String script = format.equals("json")
                ? "import json,sys\n"
                    + "for line in sys.stdin:\n"
                    + "    r = json.loads(line)\n"
                    + "    if r['type'] == 'technique':\n"
                    + "        print('\\t'.join(k + '=' + ('' if v is None else str(v)) for k, v in r.items()))\n"
                : "import csv,sys\n"
                    + "for r in csv.DictReader(sys.stdin):\n"
                    + "    print('\\t'.join(k + '=' + v for k, v in r.items()))\n";
        Process p = new ProcessBuilder(Tool.PYTHON, "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().write(output.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "python could not read it: " + text + "\n" + output);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            Map<String, String> row = new LinkedHashMap<>();
            for (String kv : line.split("\t")) {
                int eq = kv.indexOf('=');
                row.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            rows.put(row.get("technique"), row);
        }
        return rows;
    }

    private static double number(Map<String, String> row, String key) {
        return Double.parseDouble(row.get(key));
    }

    private static Map<String, Map<String, String>> run(String format, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("compare", "--" + format));
        all.addAll(List.of(args));
        Captured c = Captured.run(all.toArray(new String[0]));
        assertEquals(0, c.exitCode(), "exit " + c.exitCode() + "\nstdout:\n" + c.out() + "\nstderr:\n" + c.err());
        return parsed(c.out(), format);
    }

    @Test
    void everyTechniqueDeliversEveryMessageOnceInOrder() throws Exception {
        Map<String, Map<String, String>> rows = run("json", "--techniques", "longpoll,stream,sse,ws",
                "--messages", "30", "--rate", "100");
        assertEquals(List.of("longpoll", "stream", "sse", "ws"), List.copyOf(rows.keySet()));
        for (Map<String, String> r : rows.values()) {
            String t = r.get("technique");
            assertEquals("kept", r.get("result"), t + ": " + r);
            assertEquals(30, number(r, "delivered"), t);
            assertEquals(0, number(r, "lost"), t);
            assertEquals(0, number(r, "duplicated"), t);
            assertEquals(0, number(r, "out_of_order"), t);
            assertTrue(number(r, "latency_p50_ms") < 200, t + " p50 " + r.get("latency_p50_ms"));
            assertTrue(number(r, "bytes_down") > 30 * 256, t + " bytes down " + r.get("bytes_down"));
        }
        assertTrue(number(rows.get("longpoll"), "http_requests") >= 2, "long polling asks again after each answer");
        assertTrue(number(rows.get("ws"), "upstream_p50_ms") < 200, "ws upstream " + rows.get("ws"));
    }

    @Test
    void pollDeliversWhatItsCursorFinds() throws Exception {
        Map<String, String> poll = run("csv", "--techniques", "poll", "--poll-interval", "200ms",
                "--messages", "20", "--rate", "50").get("poll");
        assertEquals("kept", poll.get("result"), poll.toString());
        assertEquals(20, number(poll, "delivered"));
        assertEquals(0, number(poll, "lost"));
        // one request per interval: the run takes about 0.4s of publishing plus the warm-up and the last interval
        assertTrue(number(poll, "http_requests") >= 3, poll.toString());
        // a message waits for the next poll: on average half the interval
        assertTrue(number(poll, "latency_p50_ms") > 20 && number(poll, "latency_max_ms") < 400, poll.toString());
    }

    @Test
    void aRoundTripDelaysPushByHalfOfItAndPollingByMore() throws Exception {
        Map<String, Map<String, String>> rows = run("json", "--techniques", "longpoll,sse,ws", "--rtt", "100ms",
                "--messages", "20", "--rate", "20");
        for (String push : List.of("sse", "ws")) {
            double p50 = number(rows.get(push), "latency_p50_ms");
            assertTrue(p50 >= 50 && p50 < 50 + 40, push + " p50 " + p50 + " ms: expected half the round trip, about 50");
        }
        Map<String, String> longpoll = rows.get("longpoll");
        // a message published while the next request is on its way waits for it: up to a round trip and a half
        assertTrue(number(longpoll, "latency_p50_ms") >= 50, longpoll.toString());
        assertTrue(number(longpoll, "latency_max_ms") >= 100, "long polling's re-request cost no round trip? " + longpoll);
    }

    @Test
    void underChaosTheResumingTechniquesLoseNothing() throws Exception {
        Captured c = Captured.run("compare", "--json", "--chaos", "--techniques", "longpoll,stream,sse,ws",
                "--messages", "40", "--rate", "40");
        assertEquals(0, c.exitCode(), c.out() + c.err());
        Map<String, Map<String, String>> rows = parsed(c.out(), "json");
        for (String resumes : List.of("longpoll", "sse")) {
            Map<String, String> r = rows.get(resumes);
            assertEquals(0, number(r, "lost"), resumes + " " + r);
            assertEquals(0, number(r, "duplicated"), resumes + " " + r);
            assertTrue(number(r, "connections") >= 2, resumes + " was not cut: " + r);
        }
        for (String t : List.of("longpoll", "stream", "sse", "ws")) {
            Map<String, String> r = rows.get(t);
            assertTrue(number(r, "connections") >= 2, t + " was not cut: " + r);
            assertTrue(number(r, "recovery_ms") > 0, t + " shows no recovery: " + r);
        }
        // a long poll cut in flight is asked again at once (OkHttp retries it): a new connection, no reconnection
        for (String t : List.of("stream", "sse", "ws")) {
            assertTrue(number(rows.get(t), "reconnections") >= 1, t + " shows no reconnection: " + rows.get(t));
        }
    }

    @Test
    void sseAndWebSocketFramingCostWhatTheProtocolsSay() throws Exception {
        int size = 256;
        Map<String, Map<String, String>> text = run("json", "--techniques", "sse,ws", "--messages", "100",
                "--rate", "500", "--size", String.valueOf(size));
        // SSE: "id: N\n" + "data: " + payload + "\n\n", each event a chunk ("100\r\n" … "\r\n")
        double sse = number(text.get("sse"), "bytes_down_per_message") - size;
        assertTrue(sse >= 20 && sse <= 40, "SSE framing " + sse + " bytes per message");
        // WebSocket: a 4-byte header (2 + 16-bit length) for a 256-byte text frame from the server, unmasked
        double ws = number(text.get("ws"), "bytes_down_per_message") - size;
        assertTrue(ws >= 4 && ws <= 10, "WebSocket framing " + ws + " bytes per message");

        Map<String, Map<String, String>> binary = run("json", "--techniques", "sse", "--messages", "100",
                "--rate", "500", "--size", String.valueOf(size), "--binary");
        // base64: 4 bytes for every 3, plus the "event: binary" line
        double base64 = number(binary.get("sse"), "bytes_down_per_message") - Math.ceil(size / 3.0) * 4;
        assertTrue(base64 >= 30 && base64 <= 60, "SSE binary framing " + base64 + " bytes beyond base64");
    }

    @Test
    void measuresAServerStartedApartByItsUrl() throws Exception {
        try (Server server = Server.start(ServeConfig.loopback())) {
            Map<String, Map<String, String>> rows = run("csv", server.url(), "--techniques", "sse,longpoll",
                    "--messages", "10", "--rate", "100");
            assertEquals(10, number(rows.get("sse"), "delivered"));
            assertEquals(10, number(rows.get("longpoll"), "delivered"));
            assertEquals(server.url(), rows.get("sse").get("server"));
        }
    }

    @Test
    void withHttp2TheHttpTechniquesRunAsStreamsOfHttp2ConnectionsAndTheConditionsSaySo() throws Exception {
        try (Server server = Server.start(ServeConfig.loopback())) {
            Map<String, Map<String, String>> rows = run("csv", server.url(), "--http2", "--techniques", "longpoll,stream,sse",
                    "--messages", "20", "--rate", "100");
            for (String t : List.of("longpoll", "stream", "sse")) {
                assertEquals(20, number(rows.get(t), "delivered"), t + ": " + rows.get(t));
                assertEquals(0, number(rows.get(t), "lost"), t);
            }
            assertEquals("HTTP/2 (prior knowledge)", rows.get("sse").get("http"));
            java.net.HttpURLConnection get = (java.net.HttpURLConnection) java.net.URI.create(server.url() + "/metrics").toURL().openConnection();
            get.setRequestProperty("Connection", "close");
            String metrics = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            get.disconnect();
            java.util.regex.Matcher h2 = java.util.regex.Pattern.compile("rtc_http_connections_total\\{protocol=\"h2\"} (\\d+)").matcher(metrics);
            assertTrue(h2.find() && Integer.parseInt(h2.group(1)) >= 3, metrics);
        }
    }
}
