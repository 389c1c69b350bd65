package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.redis.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cli/rtc serve --redis} as a user runs it: the start-up line for a Redis with {@code requirepass}, and an
 * instance killed with SIGKILL whose SSE client resumes on another instance.
 */
@Timeout(value = 120, unit = SECONDS)
class RedisProcessIT {
    private static final Path RTC = Launcher.RTC;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("^rtc serve listening on http://127\\.0\\.0\\.1:(\\d+)$");
    private static final Pattern SSE_ID = Pattern.compile("^id: (\\d+:\\w+)$");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) p.destroyForcibly().waitFor();
        for (AutoCloseable c : open) c.close();
    }

    private RedisServer redis(String... extra) {
        RedisServer r = RedisServer.started(extra);
        open.add(r);
        return r;
    }

    private Process rtcServe(Map<String, String> env, String redisUrl) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(RTC.toString(), "serve", "-p", "0", "-q", "--redis", redisUrl)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("RTC_REDIS_PASSWORD");
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** rtc serve that must not start: its exit code and stderr (the launcher's build line aside). */
    private String refused(Map<String, String> env, String redisUrl) throws Exception {
        Process p = rtcServe(env, redisUrl);
        assertTrue(p.waitFor(WAIT.toSeconds(), SECONDS), "rtc serve --redis " + redisUrl + " did not exit");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().filter(l -> !l.startsWith("rtc: building")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(1, p.exitValue(), err);
        return err;
    }

    /** rtc serve that starts: its port, from the listening line. */
    private int serving(Map<String, String> env, String redisUrl) throws Exception {
        return portOf(rtcServe(env, redisUrl));
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRedisWithRequirepassTakesThePasswordFromTheUrlOrTheEnvironmentAndAWrongOneIsOneLineAndExit1() throws Exception {
        RedisServer redis = redis("--requirepass", "s3cret");
        String plain = "redis://127.0.0.1:" + redis.port;
        String wrongPass = "wrong password (WRONGPASS invalid username-password pair or user is disabled.)";
        assertEquals("rtc: cannot use Redis at " + plain + ": " + wrongPass + "\n",
                refused(Map.of(), "redis://:wrong@127.0.0.1:" + redis.port), "the password is not repeated");
        assertEquals("rtc: cannot use Redis at " + plain + ": " + wrongPass + "\n",
                refused(Map.of("RTC_REDIS_PASSWORD", "wrong"), plain));
        assertEquals("rtc: cannot use Redis at " + plain + ": it requires a password (in the URL or RTC_REDIS_PASSWORD)\n",
                refused(Map.of(), plain));

        int fromUrl = serving(Map.of(), "redis://:s3cret@127.0.0.1:" + redis.port);
        int fromEnvironment = serving(Map.of("RTC_REDIS_PASSWORD", "s3cret"), plain);
        assertEquals(201, post(fromUrl, "/publish/p", "one").statusCode());
        HttpResponse<String> second = post(fromEnvironment, "/publish/p", "two");
        assertEquals(201, second.statusCode(), second.body());
        assertTrue(second.body().contains("\"id\":2,"), "one topic space: " + second.body());
    }

    /** SSE events (id, or null for rtc-gap, and data) as they complete, then {@code END} when the connection ends. */
    private BlockingQueue<String[]> sse(int port, String path, String... headers) {
        BlockingQueue<String[]> q = new LinkedBlockingQueue<>();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) r.headers(headers);
        CompletableFuture<Void> f = http.sendAsync(r.build(), HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(resp -> {
            String[] event = new String[2];
            try {
                for (String line : (Iterable<String>) resp.body()::iterator) {
                    Matcher id = SSE_ID.matcher(line);
                    if (id.matches()) event[0] = id.group(1);
                    if (line.startsWith("data: ")) event[1] = line.substring(6);
                    if (line.isEmpty() && event[1] != null) {
                        q.add(event);
                        event = new String[2];
                    }
                }
            } catch (java.io.UncheckedIOException ended) {
                // the instance was killed
            }
            q.add(END);
        }, DaemonThreads::start).exceptionally(e -> {
            q.add(END);
            return null;
        });
        open.add(() -> f.cancel(true));
        return q;
    }

    private static final String[] END = {"end", null};

    private static String[] next(BlockingQueue<String[]> q) throws InterruptedException {
        String[] e = q.poll(WAIT.toSeconds(), SECONDS);
        if (e == null) fail("no SSE event within " + WAIT);
        return e;
    }

    @Test
    void aClientOfAnInstanceKilledWithSigkillResumesOnAnotherWithEveryMessageOnceInOrder() throws Exception {
        RedisServer redis = redis();
        Process killed = rtcServe(Map.of(), redis.url());
        int a = portOf(killed);
        int b = serving(Map.of(), redis.url());
        BlockingQueue<String[]> before = sse(a, "/sse/k?since=0");
        int total = 60;
        // Publishes go on through the surviving instance while the other dies and its client reconnects.
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= total; i++) {
                try {
                    HttpResponse<String> r = post(b, "/publish/k", "k" + i);
                    if (r.statusCode() != 201) throw new IllegalStateException(r.statusCode() + " " + r.body());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        List<String> received = new ArrayList<>();
        String lastId = null;
        while (received.size() < 10) {
            String[] e = next(before);
            assertFalse(e == END, "the stream ended early: " + received);
            received.add(e[1]);
            lastId = e[0];
        }
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(killed.pid())).start().waitFor());
        assertTrue(killed.waitFor(10, SECONDS), "killed");
        // What reached the client before its instance died (events whole, up to the end of its stream).
        for (String[] e = next(before); e != END; e = next(before)) {
            received.add(e[1]);
            lastId = e[0];
        }
        BlockingQueue<String[]> after = sse(b, "/sse/k", "Last-Event-ID", lastId);
        while (received.size() < total) {
            String[] e = next(after);
            assertFalse(e == END, "the resumed stream ended: " + received);
            assertFalse(e[1].startsWith("{\"missed\""), "no gap: " + e[1]);
            received.add(e[1]);
        }
        publisher.get(WAIT.toSeconds(), SECONDS);
        assertEquals(IntStream.rangeClosed(1, total).mapToObj(i -> "k" + i).toList(), received, "each once, in order");
        assertEquals(201, post(b, "/publish/k", "last").statusCode());
        assertEquals("last", next(after)[1], "nothing more in between");
    }

    private static int portOf(Process p) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line = err.readLine();
        while (line != null && line.startsWith("rtc: building")) line = err.readLine();
        Matcher m = LISTENING.matcher(String.valueOf(line));
        if (!m.matches()) fail("expected the listening line, got " + line);
        return Integer.parseInt(m.group(1));
    }
}
