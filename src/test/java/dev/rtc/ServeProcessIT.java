package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code cli/rtc serve} run as a user runs it: a real process, real signals, exit codes. */
@Timeout(value = 60, unit = SECONDS)
class ServeProcessIT {
    private static final Path RTC = Launcher.RTC;
    private static final Pattern LISTENING = Pattern.compile("rtc serve listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
    }

    /** A serve process with stderr readable line by line; stdin is a pipe. */
    private final class Serve {
        final Process process;
        final BufferedReader stderr;
        final int port;
        final List<String> stderrLines = new ArrayList<>();

        Serve(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(RTC.toString(), "serve", "-p", "0"));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).start();
            started.add(process);
            stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            port = Integer.parseInt(awaitLine(LISTENING).group(1));
        }

        Matcher awaitLine(Pattern pattern) throws IOException {
            for (String line; (line = stderr.readLine()) != null; ) {
                stderrLines.add(line);
                Matcher m = pattern.matcher(line);
                if (m.find()) return m;
            }
            fail("stderr ended without a line matching " + pattern + "; it said: " + stderrLines);
            return null;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        void signal(String name) throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
        }

        int exitCode() throws InterruptedException {
            assertTrue(process.waitFor(10, SECONDS), "rtc serve did not exit within 10s");
            return process.exitValue();
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void sigtermDrainsWebSocketsWith1001EndsStreamsAndExitsZero() throws Exception {
        Serve serve = new Serve("--tick", "100ms");

        BlockingQueue<String> ws = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + serve.port + "/ws/ticks"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        ws.add("text " + data);
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        ws.add("close " + statusCode + " " + reason);
                        return null;
                    }
                }).get(5, SECONDS);
        HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(URI.create(serve.url("/sse/ticks?since=0"))).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, sse.statusCode());
        String first = ws.poll(5, SECONDS);
        assertTrue(first != null && first.startsWith("text tick "), "a tick over WebSocket, got " + first);

        serve.signal("TERM");

        // The SSE body ends (the server sent its last chunk) rather than hanging: collecting it returns.
        List<String> events = sse.body().toList();
        assertEquals("retry: 2000", events.get(0));
        assertTrue(events.stream().anyMatch(l -> l.startsWith("data: tick ")), "ticks before the drain: " + events);
        String close;
        do {
            close = ws.poll(5, SECONDS);
        } while (close != null && close.startsWith("text "));
        assertEquals("close 1001 server shutting down", close);
        assertEquals(0, serve.exitCode());
        socket.abort();
    }

    @Test
    void sigintDrainsAndExitsZero() throws Exception {
        Serve serve = new Serve("-q");
        assertEquals("ok\n", get(serve.url("/healthz")));
        serve.signal("INT");
        assertEquals(0, serve.exitCode());
    }

    @Test
    void portInUseIsExitOneWithOneLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process p = new ProcessBuilder(RTC.toString(), "serve", "-p", Integer.toString(busy.getLocalPort())).start();
            started.add(p);
            assertTrue(p.waitFor(30, SECONDS));
            assertEquals(1, p.exitValue());
            assertEquals("rtc: cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": address already in use\n",
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void stdinLinesArePublishedToTheTopic() throws Exception {
        Serve serve = new Serve("--stdin", "lines", "-q");
        try (OutputStream in = serve.process.getOutputStream()) {
            in.write("first line\nsecond\n".getBytes(StandardCharsets.UTF_8));
        }
        String body = "";
        for (int i = 0; i < 50 && !body.contains("\"last_id\":2"); i++) {
            Thread.sleep(100);
            body = get(serve.url("/poll/lines?since=0"));
        }
        assertTrue(body.matches("\\{\"topic\":\"lines\",\"messages\":\\[\\{\"id\":1,\"data\":\"first line\",\"ts\":\"[^\"]+\"},"
                + "\\{\"id\":2,\"data\":\"second\",\"ts\":\"[^\"]+\"}],\"last_id\":2}"), body);
        // stdin ended, the server goes on.
        assertEquals("ok\n", get(serve.url("/healthz")));
        serve.signal("TERM");
        assertEquals(0, serve.exitCode());
    }

    @Test
    void accessLogHasOneLinePerRequest() throws Exception {
        Serve serve = new Serve();
        get(serve.url("/healthz"));
        Matcher line = serve.awaitLine(Pattern.compile("^\\S+Z 127\\.0\\.0\\.1:\\d+ \"GET /healthz\" 200 3B \\d+ms$"));
        assertTrue(line.matches());
        serve.signal("TERM");
        assertEquals(0, serve.exitCode());
    }

    @Test
    void usageErrorsAreExitTwoWithOneLineAndAHint() throws Exception {
        Process p = new ProcessBuilder(RTC.toString(), "serve", "--port", "70000").start();
        started.add(p);
        assertTrue(p.waitFor(30, SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("rtc: --port must be 0 to 65535, got 70000 (see 'rtc serve --help')\n",
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
