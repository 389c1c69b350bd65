package dev.rtc.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.cli.RtcException;
import dev.rtc.http.OpensslCertificates;
import dev.rtc.redis.Cluster;
import dev.rtc.tls.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import dev.rtc.redis.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Three rtc serve instances on one real redis-server: one topic space (--redis). */
class RedisSharedTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private RedisServer redis(String... extra) {
        RedisServer r = RedisServer.started(extra);
        open.add(r);
        return r;
    }

    private Server serve(RedisServer redis) throws InterruptedException {
        Server s = Server.start(ServeConfig.loopback().withHistory(100), new Cluster.Options(redis.url(), null, 100));
        open.add(0, s); // closed before Redis
        return s;
    }

    private HttpResponse<String> get(Server s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Server s, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of a held response (stream, SSE), queued as they come. */
    private BlockingQueue<String> lines(Server s, String path, String... headers) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(s.url() + path));
        if (headers.length > 0) r.headers(headers);
        var f = http.sendAsync(r.build(), HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(resp -> resp.body().forEach(q::add), dev.rtc.DaemonThreads::start);
        open.add(() -> f.cancel(true));
        return q;
    }

    /**
     * A WebSocket client and the frames (and its close, as {@code closed CODE}) it received: a topic's text
     * messages as they are; in a signal room ({@link #member}), {@code text …} and {@code binary HEX}.
     */
    private record Ws(WebSocket socket, BlockingQueue<String> frames) {
        void send(String text) {
            socket.sendText(text, true).join();
        }

        String next() throws InterruptedException {
            String s = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (s == null) fail("nothing received within " + WAIT);
            return s;
        }
    }

    private BlockingQueue<String> ws(Server s, String path) throws Exception {
        return wsOpen(s, path).frames();
    }

    private Ws wsOpen(Server s, String path) throws Exception {
        return wsOpen(s, path, "");
    }

    private Ws wsOpen(Server s, String path, String textTag) throws Exception {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        WebSocket w = http.newWebSocketBuilder().buildAsync(URI.create(s.url().replace("http", "ws") + path), new WebSocket.Listener() {
            final StringBuilder sb = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                sb.append(data);
                if (last) {
                    q.add(textTag + sb);
                    sb.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                q.add("binary " + java.util.HexFormat.of().formatHex(b));
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                q.add("closed " + code);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        open.add(0, () -> w.abort());
        return new Ws(w, q);
    }

    /** The next {@code n} lines that {@code keep} selects, each within {@link #WAIT}. */
    private static List<String> take(BlockingQueue<String> q, int n, Pattern keep) throws InterruptedException {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < n) {
            String line = q.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) fail("got " + got + ", expected " + n + " lines");
            if (keep.matcher(line).find()) got.add(line);
        }
        return got;
    }

    private static void waitFor(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) fail("not within " + WAIT + ": " + what);
            Thread.sleep(20); // polling a condition, bounded by the deadline
        }
    }

    private static List<Long> ids(String json) {
        List<Long> out = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) out.add(Long.parseLong(m.group(1)));
        return out;
    }

    @Test
    void aPublishOnEachInstanceReachesEveryTechniqueOnEveryInstanceOnceInOrder() throws Exception {
        RedisServer redis = redis();
        List<Server> servers = List.of(serve(redis), serve(redis), serve(redis));
        List<BlockingQueue<String>> streams = new ArrayList<>();
        List<BlockingQueue<String>> sses = new ArrayList<>();
        List<BlockingQueue<String>> wss = new ArrayList<>();
        for (Server s : servers) {
            streams.add(lines(s, "/stream/t?since=0&format=ndjson"));
            sses.add(lines(s, "/sse/t?since=0"));
            wss.add(ws(s, "/ws/t?since=0"));
        }
        List<Long> published = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            HttpResponse<String> r = post(servers.get(i % 3), "/publish/t", "m" + i);
            assertEquals(201, r.statusCode(), r.body());
            published.add(ids(r.body()).get(0));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), published, "ids assigned by Redis, one sequence");
        List<String> expected = Stream.iterate(1, i -> i + 1).limit(9).map(i -> "m" + i).toList();
        for (int k = 0; k < 3; k++) {
            List<String> stream = take(streams.get(k), 9, Pattern.compile("\"id\""));
            for (int i = 0; i < 9; i++) {
                assertTrue(stream.get(i).startsWith("{\"id\":" + (i + 1) + ",\"data\":\"m" + (i + 1) + "\""), stream.toString());
            }
            List<String> sse = take(sses.get(k), 9, Pattern.compile("^data: m"));
            assertEquals(expected, sse.stream().map(l -> l.substring(6)).toList(), "sse on instance " + k);
            assertEquals(expected, take(wss.get(k), 9, Pattern.compile("^m")), "ws on instance " + k);
        }
        for (Server s : servers) {
            HttpResponse<String> poll = get(s, "/poll/t?since=0");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), ids(poll.body()), poll.body());
            assertTrue(poll.headers().firstValue("X-Rtc-Epoch").isPresent(), poll.headers().toString());
            List<Long> got = new ArrayList<>();
            long since = 0;
            while (got.size() < 9) {
                HttpResponse<String> lp = get(s, "/longpoll/t?since=" + since + "&timeout=5s");
                assertEquals(200, lp.statusCode());
                List<Long> page = ids(lp.body());
                got.addAll(page);
                since = page.get(page.size() - 1);
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), got);
        }
        // Live after the backlog, each once: one more from the third instance.
        assertEquals(201, post(servers.get(2), "/publish/t", "m10").statusCode());
        for (int k = 0; k < 3; k++) {
            assertEquals(List.of("m10"), take(wss.get(k), 1, Pattern.compile("^m")));
            assertTrue(take(streams.get(k), 1, Pattern.compile("\"id\"")).get(0).startsWith("{\"id\":10,"));
            assertEquals(List.of("data: m10"), take(sses.get(k), 1, Pattern.compile("^data: m")));
        }
        for (var q : wss) assertEquals(null, q.poll(), "nothing twice");
    }

    /** Lettuce's own I/O and computation threads (the timer it keeps is not one of them). */
    private static final Pattern LETTUCE_LOOP = Pattern.compile("lettuce-.*(EventLoop|ExecutorLoop)", Pattern.CASE_INSENSITIVE);

    @Test
    void theRedisConnectionsRunOnTheServersOwnEventLoops() throws Exception {
        RedisServer redis = redis();
        Server a = serve(redis);
        Server b = serve(redis);
        BlockingQueue<String> sse = lines(b, "/sse/t?since=0");
        assertEquals(201, post(a, "/publish/t", "across").statusCode());
        assertEquals(List.of("data: across"), take(sse, 1, Pattern.compile("^data: ")));
        // Threads of closed clients of other tests may take a moment to end; these servers' would not.
        waitFor("no Lettuce thread of its own", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> LETTUCE_LOOP.matcher(t.getName()).find()));
    }

    @Test
    void aClientResumesOnAnotherInstanceWithoutGapOrDuplicateAndSeesTheGapPastHistory() throws Exception {
        RedisServer redis = redis();
        Server a = serve(redis);
        Server b = serve(redis);
        for (int i = 1; i <= 5; i++) assertEquals(201, post(a, "/publish/r", "r" + i).statusCode());
        BlockingQueue<String> sse = lines(a, "/sse/r?since=0");
        List<String> ids = take(sse, 5, Pattern.compile("^id: "));
        String last = ids.get(2).substring(4); // read three, then "reconnect" to b
        assertTrue(last.matches("3:\\w+"), last);
        for (int i = 6; i <= 7; i++) assertEquals(201, post(a, "/publish/r", "r" + i).statusCode());
        BlockingQueue<String> resumed = lines(b, "/sse/r", "Last-Event-ID", last);
        assertEquals(List.of("data: r4", "data: r5", "data: r6", "data: r7"), take(resumed, 4, Pattern.compile("^data: ")));
        // Stream on b from id 2, poll on b with the epoch.
        assertEquals(List.of(6L, 7L), ids(get(b, "/poll/r?since=5&epoch=" + last.substring(2)).body()));
        // Past the history (100): the gap is visible, on any instance.
        for (int i = 8; i <= 110; i++) post(b, "/publish/r", "r" + i);
        HttpResponse<String> poll = get(a, "/poll/r?since=0&limit=1");
        assertEquals("10", poll.headers().firstValue("X-Rtc-Missed").orElse(""), poll.body());
        BlockingQueue<String> gap = lines(b, "/sse/r?since=2");
        assertTrue(take(gap, 1, Pattern.compile("^data: \\{\"missed\"")).get(0).contains("\"missed\":8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--appendonly yes", "--save 3600 1"})
    void redisAwayMeans503AndUnhealthyThenFanOutAndResumeGoOnWhenItKeptItsData(String persistence) throws Exception {
        String[] p = persistence.split(" ", 2);
        RedisServer redis = redis(p[0], p[1]);
        Server a = serve(redis);
        Server b = serve(redis);
        assertEquals(201, post(a, "/publish/f", "f1").statusCode());
        BlockingQueue<String> stream = lines(b, "/stream/f?since=0");
        assertEquals(List.of("f1"), take(stream, 1, Pattern.compile("^f")));
        BlockingQueue<String> sse = lines(a, "/sse/f?since=0");
        String lastEventId = take(sse, 1, Pattern.compile("^id: ")).get(0).substring(4);
        redis.stop();
        waitFor("healthz 503", () -> status(a, "/healthz") == 503);
        HttpResponse<String> refused = post(a, "/publish/f", "lost");
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("redis unreachable"), refused.body());
        redis.start();
        waitFor("healthz 200 again", () -> status(a, "/healthz") == 200 && status(b, "/healthz") == 200);
        HttpResponse<String> again = post(a, "/publish/f", "f2");
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(List.of(2L), ids(again.body()), "ids go on: Redis kept them (" + persistence + ")");
        assertEquals(List.of("f2"), take(stream, 1, Pattern.compile("^f")), "the stream stayed open, nothing lost, nothing twice");
        // A client that lost its connection resumes on the other instance: the same epoch, no gap.
        BlockingQueue<String> resumed = lines(b, "/sse/f", "Last-Event-ID", lastEventId);
        assertEquals(List.of("data: f2"), take(resumed, 1, Pattern.compile("^data: ")), "no rtc-gap before f2");
    }

    @Test
    void redisThatLostItsDataStartsANewEpochAndAResumingClientGetsTheWholeHistoryWithTheGap() throws Exception {
        RedisServer redis = redis();
        Server a = serve(redis);
        Server b = serve(redis);
        for (int i = 1; i <= 3; i++) post(a, "/publish/e", "e" + i);
        HttpResponse<String> before = get(a, "/poll/e?since=0");
        String oldEpoch = before.headers().firstValue("X-Rtc-Epoch").orElseThrow();
        redis.stop();
        redis.start();
        waitFor("healthz 200 again", () -> status(a, "/healthz") == 200 && status(b, "/healthz") == 200);
        assertEquals(List.of(1L), ids(post(a, "/publish/e", "n1").body()), "ids restart in Redis");
        assertEquals(List.of(2L), ids(post(b, "/publish/e", "n2").body()));
        HttpResponse<String> resumed = get(a, "/poll/e?since=3&epoch=" + oldEpoch);
        assertEquals(List.of(1L, 2L), ids(resumed.body()), resumed.body());
        assertTrue(!resumed.headers().firstValue("X-Rtc-Epoch").orElseThrow().equals(oldEpoch));
        assertEquals("1", resumed.headers().firstValue("X-Rtc-Missed").orElse(""), "the gap is visible");
        // A plain client (no epoch) with a since beyond the new last id: the same.
        assertEquals(List.of(1L, 2L), ids(get(a, "/poll/e?since=3").body()));
        // EventSource resuming on the other instance with an id of the old epoch: rtc-gap, then all of the new one.
        for (Server s : List.of(a, b)) {
            BlockingQueue<String> sse = lines(s, "/sse/e", "Last-Event-ID", "3:" + oldEpoch);
            List<String> data = take(sse, 3, Pattern.compile("^data: "));
            assertTrue(data.get(0).matches("data: \\{\"missed\":1,.*"), data.toString());
            assertEquals(List.of("data: n1", "data: n2"), data.subList(1, 3));
        }
    }

    @Test
    void aWebSocketFrameThatCannotBeStoredClosesThatSocketWith1013() throws Exception {
        RedisServer redis = redis();
        Server a = serve(redis);
        Ws sender = wsOpen(a, "/ws/w");
        Ws other = wsOpen(a, "/ws/w");
        redis.stop();
        waitFor("healthz 503", () -> status(a, "/healthz") == 503);
        sender.socket().sendText("not stored", true).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("closed 1013"), take(sender.frames(), 1, Pattern.compile("")), "try again later");
        redis.start();
        waitFor("healthz 200 again", () -> status(a, "/healthz") == 200);
        assertEquals(201, post(a, "/publish/w", "after").statusCode());
        assertEquals(List.of("after"), take(other.frames(), 1, Pattern.compile("")), "the other socket stayed open");
    }

    @Test
    void tickPublicationsWaitForRedisInOrderAndThoseDroppedPastTheBoundAreLoggedAndCounted() throws Exception {
        RedisServer redis = redis("--appendonly", "yes");
        StringWriter log = new StringWriter();
        Server a = Server.start(ServeConfig.loopback().withHistory(100).withLog(new PrintWriter(log, true)),
                new Cluster.Options(redis.url(), null, 100));
        open.add(0, a);
        a.shared().retryBounds(3, 60_000);
        a.publish("ticks", "t1".getBytes(UTF_8));
        waitFor("t1 stored", () -> ids(body(a, "/poll/ticks?since=0")).equals(List.of(1L)));
        redis.stop();
        waitFor("healthz 503", () -> status(a, "/healthz") == 503);
        // t2 is tried and retried; t3 and t4 wait; t5 and t6 make room by dropping t3 and t4, the oldest waiting.
        for (int i = 2; i <= 6; i++) a.publish("ticks", ("t" + i).getBytes(UTF_8));
        waitFor("two counted", () -> body(a, "/metrics").contains("\nrtc_publish_dropped_total 2\n"));
        redis.start();
        waitFor("t2, t5, t6 stored", () -> ids(body(a, "/poll/ticks?since=1")).size() == 3);
        String poll = body(a, "/poll/ticks?since=1");
        assertEquals(List.of(2L, 3L, 4L), ids(poll));
        assertEquals(List.of("t2", "t5", "t6"), Pattern.compile("\"data\":\"(t\\d)\"").matcher(poll).results().map(m -> m.group(1)).toList());
        List<String> dropLines = log.toString().lines().filter(l -> l.contains("dropping")).toList();
        assertEquals(1, dropLines.size(), log.toString());
        assertTrue(dropLines.get(0).endsWith("redis unreachable: dropping --tick/--stdin messages (more than 3 waiting; "
                + "the first for topic ticks); each is counted in rtc_publish_dropped_total"), dropLines.get(0));
    }

    @Test
    void tickPublicationsNotStoredWithinTheTimeBoundAreDroppedLoggedAndCounted() throws Exception {
        RedisServer redis = redis();
        StringWriter log = new StringWriter();
        Server a = Server.start(ServeConfig.loopback().withHistory(100).withLog(new PrintWriter(log, true)),
                new Cluster.Options(redis.url(), null, 100));
        open.add(0, a);
        a.shared().retryBounds(100, 200);
        redis.stop();
        waitFor("healthz 503", () -> status(a, "/healthz") == 503);
        a.publish("ticks", "late1".getBytes(UTF_8));
        a.publish("ticks", "late2".getBytes(UTF_8));
        waitFor("both counted", () -> body(a, "/metrics").contains("\nrtc_publish_dropped_total 2\n"));
        assertTrue(log.toString().contains("redis unreachable: dropping --tick/--stdin messages (not stored within 200ms; "
                + "the first for topic ticks)"), log.toString());
        redis.start();
        waitFor("healthz 200 again", () -> status(a, "/healthz") == 200);
        a.publish("ticks", "on time".getBytes(UTF_8));
        waitFor("stored", () -> body(a, "/poll/ticks?since=0").contains("on time"));
        assertEquals(List.of(1L), ids(body(a, "/poll/ticks?since=0")), "the dropped ones were never stored");
    }

    @Test
    void overRedissWithItsCaTrustedAndOneLineWhenItIsNot(@TempDir Path dir) throws Exception {
        OpensslCertificates certs = OpensslCertificates.in(dir);
        OpensslCertificates.Issued issued = certs.issue("localhost", "DNS:localhost,IP:127.0.0.1");
        RedisServer redis = RedisServer.startedTls(issued.cert(), issued.key(), certs.ca());
        open.add(redis);
        RtcException untrusted = assertThrows(RtcException.class,
                () -> Server.start(ServeConfig.loopback(), new Cluster.Options(redis.url(), null, 100)));
        assertEquals("cannot use Redis at " + redis.url() + ": its TLS certificate is not trusted (--redis-cacert FILE names "
                + "the CA to trust)", untrusted.getMessage());
        List<X509Certificate> trust = Pem.certificates(certs.ca());
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Server s = Server.start(ServeConfig.loopback().withHistory(100), new Cluster.Options(redis.url(), null, 100, trust));
            open.add(0, s);
            servers.add(s);
        }
        BlockingQueue<String> sse = lines(servers.get(1), "/sse/tls?since=0");
        assertEquals(201, post(servers.get(0), "/publish/tls", "over rediss").statusCode());
        assertEquals(List.of("data: over rediss"), take(sse, 1, Pattern.compile("^data: ")));
        assertTrue(redis.cli("XLEN", "rtc:{tls}:s").contains("1"), "stored in the TLS Redis");
    }

    private String body(Server s, String path) {
        try {
            return get(s, path).body();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void topicsAreSummedOverInstances() throws Exception {
        RedisServer redis = redis();
        Server a = serve(redis);
        Server b = serve(redis);
        post(a, "/publish/s", "x");
        lines(a, "/sse/s");
        lines(b, "/sse/s");
        lines(b, "/stream/s");
        waitFor("both reported", () -> {
            try {
                String body = get(a, "/topics").body();
                return body.contains("\"sse\":2") && body.contains("\"stream\":1") && body.contains("\"last_id\":1");
            } catch (Exception e) {
                return false;
            }
        });
    }

    private int status(Server s, String path) {
        try {
            return get(s, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A signalling room member: what it sends, and what it receives as {@code text …}, {@code binary …}, {@code closed CODE}. */
    /** A member of a signal room. */
    private Ws member(Server s, String path) throws Exception {
        return wsOpen(s, path, "text ");
    }

    @Test
    void twoPeersInARoomMeetThroughDifferentInstances() throws Exception {
        RedisServer redis = redis();
        Server one = serve(redis);
        Server two = serve(redis);
        Ws alice = member(one, "/signal/room1");
        Ws bob = member(two, "/signal/room1");
        Ws carol = member(one, "/signal/room2");
        Ws dave = member(two, "/signal/room2");
        waitFor("room1 has 2 members on both instances", () -> one.roomMembers("room1") == 2 && two.roomMembers("room1") == 2);

        alice.send("{\"type\":\"offer\"}");
        assertEquals("text {\"type\":\"offer\"}", bob.next());
        bob.send("{\"type\":\"answer\"}");
        assertEquals("text {\"type\":\"answer\"}", alice.next(), "the answer, and never the sender's own offer back");
        bob.socket().sendBinary(java.nio.ByteBuffer.wrap(new byte[] {0, (byte) 0xff}), true).join();
        assertEquals("binary 00ff", alice.next());
        carol.send("c");
        assertEquals("text c", dave.next());
        assertTrue(carol.frames().isEmpty() && dave.frames().isEmpty() && bob.frames().isEmpty(),
                "room1's frames went before and reached no one in room2: " + carol.frames() + dave.frames() + bob.frames());

        // A member whose instance died (its entry expired, not renewed) is not counted; one that left is not either.
        redis.cli("ZADD", "rtc:{room1}:members", "1", "deadinstance:x");
        assertEquals(2, one.roomMembers("room1"));
        bob.socket().abort();
        waitFor("bob left room1", () -> one.roomMembers("room1") == 1);

        redis.stop();
        waitFor("healthz 503", () -> status(one, "/healthz") == 503);
        alice.send("lost");
        assertEquals("closed 1013", alice.next(), "a frame that cannot reach the other instances closes with 1013");
        assertEquals(503, status(two, "/signal/room1"), "no joining while the other instances cannot hear of it");
    }
}
