package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.interop.Proc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cli/rtc serve} in a child with few descriptors ({@code ulimit -n}) or a small heap: flooded with
 * idle loopback connections it refuses or pauses, and answers again once they are gone; subscribers that
 * ask for a large history and never read do not exhaust its memory.
 */
@Timeout(value = 90, unit = SECONDS)
class ServeUnderPressureIT {
    private static final int DESCRIPTORS = 256;
    private static final int FLOOD = 400;
    private static final Pattern LISTENING = Pattern.compile("rtc serve listening on http://127\\.0\\.0\\.1:(\\d+)\n(limits: [^\n]*)\n");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code cli/rtc serve -p 0 ARGS} under {@code ulimit -n DESCRIPTORS}; its port and limits line. */
    private record Child(Proc proc, int port, String limits) {}

    private static Child serve(String... args) {
        return serveWith("", args);
    }

    /** {@code environment} as shell assignments before the command, e.g. {@code RTC_JAVA_OPTS=-Xmx96m}. */
    private static Child serveWith(String environment, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "ulimit -n " + DESCRIPTORS + " && " + environment + " exec cli/rtc serve -p 0 \"$@\"", "serve"));
        command.addAll(List.of(args));
        Proc proc = Proc.start(command);
        try {
            Matcher m = awaitStderr(proc, LISTENING);
            return new Child(proc, Integer.parseInt(m.group(1)), m.group(2));
        } catch (AssertionError | RuntimeException e) {
            proc.close(); // a server that never said it listens is not left running
            throw e;
        }
    }

    private static Matcher awaitStderr(Proc proc, Pattern pattern) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(proc.stderr());
            if (m.find()) return m;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("no " + pattern + " on stderr within " + WAIT + ":\n" + proc.stderr());
        return null;
    }

    /** Opens {@code n} idle connections; the kernel completes them from the backlog whether or not serve accepts. */
    private static List<Socket> flood(int port, int n) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            sockets.add(s);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Waits until the process holds all but a few of its descriptors: the flood's next accept(2) fails. */
    private static void awaitDescriptorsTaken(long pid) throws IOException, InterruptedException {
        Path fds = Path.of("/proc/" + pid + "/fd");
        long deadline = System.nanoTime() + WAIT.toNanos();
        long open = 0;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> list = Files.list(fds)) {
                open = list.count();
            }
            if (open >= DESCRIPTORS - 8) return;
            Thread.sleep(20);
        }
        fail("the server holds only " + open + " of " + DESCRIPTORS + " descriptors after " + WAIT);
    }

    /** {@code GET path} answered within a few seconds of asking again and again; the last body. */
    private String awaitAnswer(int port, String path) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return r.body();
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        fail(path + " never answered within " + WAIT + "; last: " + last);
        return null;
    }

    @Test
    void answersAgainAfterEveryDescriptorWasTaken() throws Exception {
        // A limit above what the process may open: accept(2) itself fails with "too many open files".
        Child serve = serve("--max-connections", "100000");
        try (Proc proc = serve.proc()) {
            List<Socket> sockets = flood(serve.port(), FLOOD);
            try {
                awaitDescriptorsTaken(proc.pid());
                // Every descriptor taken is not yet an accept that failed: the server says when one did.
                awaitStderr(proc, Pattern.compile("failed to accept \\d+ connection"));
            } finally {
                closeAll(sockets);
            }

            assertEquals("ok\n", awaitAnswer(serve.port(), "/healthz"));
            String metrics = awaitAnswer(serve.port(), "/metrics");
            assertTrue(metrics.matches("(?s).*\nrtc_accept_errors_total [1-9]\\d*\n.*"), metrics);
        }
    }

    @Test
    void refusesConnectionsPastTheDefaultLimitAtOnce() throws Exception {
        Child serve = serve();
        try (Proc proc = serve.proc()) {
            Matcher limit = Pattern.compile("^limits: (\\d+) connections \\(--max-connections\\)").matcher(serve.limits());
            assertTrue(limit.find(), serve.limits());
            int max = Integer.parseInt(limit.group(1));
            assertTrue(max > 0 && max < DESCRIPTORS, "a default under the descriptor limit: " + serve.limits());

            List<Socket> sockets = flood(serve.port(), max + 20);
            try {
                awaitStderr(proc, Pattern.compile("refused \\d+ connection\\(s\\) over --max-connections " + max));
                // The last one is past the limit: closed by the server without a byte, well before any timeout.
                Socket last = sockets.get(sockets.size() - 1);
                last.setSoTimeout(5_000);
                try {
                    assertEquals(-1, last.getInputStream().read());
                } catch (SocketTimeoutException e) {
                    fail("a connection past --max-connections was left open");
                } catch (IOException reset) {
                    // closed, as a reset
                }
            } finally {
                closeAll(sockets);
            }

            assertEquals("ok\n", awaitAnswer(serve.port(), "/healthz"));
            String metrics = awaitAnswer(serve.port(), "/metrics");
            Matcher refused = Pattern.compile("\nrtc_refused_total\\{reason=\"max_connections\"} (\\d+)\n").matcher(metrics);
            assertTrue(refused.find(), metrics);
            assertTrue(Long.parseLong(refused.group(1)) >= 20, metrics);
        }
    }

    @Test
    void subscribersAskingForALargeHistoryThatNeverReadDoNotExhaustTheHeap() throws Exception {
        // 96 MiB of heap, a quarter for history: 22 messages of 1 MiB fill it. Each subscriber that asked
        // for all of them and reads nothing may hold --max-pending of them unsent, not a copy of all.
        Child serve = serveWith("RTC_JAVA_OPTS=-Xmx96m", "-q");
        try (Proc proc = serve.proc()) {
            byte[] mib = "x".repeat(1 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 22; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/publish/big"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(mib)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, r.statusCode(), r.body());
            }
            List<Socket> lazy = new ArrayList<>();
            try {
                for (String path : List.of("/sse/big", "/stream/big", "/sse/big", "/stream/big", "/sse/big", "/stream/big")) {
                    Socket s = new Socket();
                    lazy.add(s);
                    s.setReceiveBufferSize(4096);
                    s.connect(new InetSocketAddress("127.0.0.1", serve.port()), 5_000);
                    s.getOutputStream().write(("GET " + path + "?since=0 HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                String metrics = awaitAnswer(serve.port(), "/metrics");
                long deadline = System.nanoTime() + WAIT.toNanos();
                // Both counts: the six requests are registered in no particular order.
                while (!(metrics.contains("rtc_subscribers{technique=\"stream\"} 3") && metrics.contains("rtc_subscribers{technique=\"sse\"} 3"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    metrics = awaitAnswer(serve.port(), "/metrics");
                }
                assertTrue(metrics.contains("rtc_subscribers{technique=\"sse\"} 3"), metrics);
                assertTrue(metrics.contains("rtc_subscribers{technique=\"stream\"} 3"), metrics);

                HttpResponse<String> more = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/publish/big"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(mib)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, more.statusCode(), more.body());
                assertEquals("ok\n", awaitAnswer(serve.port(), "/healthz"));
            } finally {
                closeAll(lazy);
            }
            assertTrue(!proc.stderr().contains("OutOfMemoryError"), proc.stderr());
        }
    }
}
