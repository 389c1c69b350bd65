package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.redis.RedisServer;
import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented load-balancer setup, run: Debian's nginx with examples/nginx-two-instances.conf (only its
 * ports replaced) in front of two {@code cli/rtc serve --redis … --trust-proxy 127.0.0.1} on one real
 * redis-server, and rtc's own clients talking to nginx.
 */
@Timeout(value = 120, unit = SECONDS)
class LoadBalancerIT {
    private static final Path EXAMPLE = Tool.PROJECT.resolve("examples/nginx-two-instances.conf");
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("(?m)^rtc serve listening on http://127\\.0\\.0\\.1:(\\d+)$");
    /** The client a proxied request comes from: a second loopback address, so that only X-Forwarded-For can name it. */
    private static final String CLIENT = "127.0.0.2";

    @TempDir
    Path prefix;

    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisServer redis;
    private final List<Proc> instances = new ArrayList<>();
    private int port;

    @BeforeEach
    void startTwoInstancesBehindNginx() throws IOException {
        Tool.need("nginx", Files.isExecutable(NGINX), "apt-get install -y nginx");
        redis = RedisServer.started();
        open.add(redis);
        for (int i = 0; i < 2; i++) {
            Proc serve = Proc.start(Launcher.RTC.toString(), "serve", "-p", "0", "--redis", redis.url(), "--trust-proxy", "127.0.0.1");
            open.add(serve);
            instances.add(serve);
        }
        List<Integer> ports = new ArrayList<>();
        for (Proc serve : instances) {
            Matcher m = await(() -> LISTENING.matcher(serve.stderr()), Matcher::find, () -> "rtc serve's listening line: " + serve.stderr());
            ports.add(Integer.parseInt(m.group(1)));
        }
        port = freePort();
        startNginx(ports);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /**
     * The example as a user installs it (a conf.d file, included in http {}), with the test's ports; around it
     * the main file Debian's /etc/nginx/nginx.conf would be, everything kept in {@link #prefix}.
     */
    private void startNginx(List<Integer> upstreams) throws IOException {
        String example = Files.readString(EXAMPLE);
        example = replaceOnce(example, "listen 8080;", "listen 127.0.0.1:" + port + ";");
        example = replaceOnce(example, "server 127.0.0.1:8081;", "server 127.0.0.1:" + upstreams.get(0) + ";");
        example = replaceOnce(example, "server 127.0.0.1:8082;", "server 127.0.0.1:" + upstreams.get(1) + ";");
        Files.writeString(prefix.resolve("rtc.conf"), example);
        // As root, nginx's workers would switch to nobody, who cannot enter this private temp dir.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(prefix.resolve("nginx.conf"), user + """
                worker_processes 2;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/rtc.conf;
                }
                """.formatted(prefix));
        Proc nginx = Proc.start(NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-e", prefix.resolve("error.log").toString(), "-g", "daemon off;");
        // Stopped last, after the instances, by SIGTERM to the master, which stops its workers: killed first,
        // a worker would outlive it, and killed one by one, the master would start a new one meanwhile.
        open.add(0, () -> {
            Proc.run(WAIT, "kill", "-TERM", Long.toString(nginx.pid()));
            nginx.finish(WAIT);
        });
        await(() -> connects(port), ok -> ok, () -> "nginx listening on " + port + ": " + nginx.stderr() + errorLog());
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, EXAMPLE + " has '" + from + "' once");
        return text.replace(from, to);
    }

    private String errorLog() {
        try {
            Path log = prefix.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nobody listens on (nginx cannot take port 0 and tell us which it got). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean connects(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code value} until {@code done} holds, for at most {@link #WAIT}; fails naming {@code what}. */
    private static <T> T await(Supplier<T> value, Predicate<T> done, Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T v = value.get();
            if (done.test(v)) return v;
            try {
                Thread.sleep(20); // polling a condition, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("not within " + WAIT + ": " + what.get());
        return null;
    }

    /** POST /publish/TOPIC through nginx from {@link #CLIENT}; the status line. */
    private String publish(String topic, String data) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.bind(new InetSocketAddress(CLIENT, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            byte[] body = data.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /publish/" + topic + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.lines().findFirst().orElse("");
        }
    }

    private void publishAll(String topic, int from, int to) throws IOException {
        for (int i = from; i <= to; i++) assertEquals("HTTP/1.1 201 Created", publish(topic, topic + i), "publish " + topic + i);
    }

    /** The access-log lines of instance {@code i} that hold {@code text}. */
    private List<String> logged(int i, String text) {
        return instances.get(i).stderr().lines().filter(l -> l.contains(text)).toList();
    }

    /** Which instance (0 or 1) logs a line holding {@code text}, waited for. */
    private int instanceLogging(String text) {
        return await(() -> !logged(0, text).isEmpty() ? 0 : !logged(1, text).isEmpty() ? 1 : -1, i -> i >= 0, () -> "an instance logging " + text);
    }

    private Proc rtc(String... args) {
        List<String> command = new ArrayList<>(List.of(Launcher.RTC.toString()));
        command.addAll(List.of(args));
        Proc p = Proc.start(command);
        open.add(p);
        return p;
    }

    private String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + port + path;
    }

    private static List<String> range(String topic, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> topic + i).toList();
    }

    @Test
    void publishesAlternateBetweenTheInstancesWhichLogTheClientNginxForwardsAndAnSseClientGetsEachOnceInOrder() throws Exception {
        Proc sse = rtc("sse", url("http", "/sse/lb"));
        int subscribedOn = instanceLogging("\"GET /sse/lb\" 200");

        publishAll("lb", 1, 10);
        assertEquals(range("lb", 1, 10), sse.nextLines(10, WAIT), "each once, in order, whichever instance stored it");
        await(() -> logged(0, "\"POST /publish/lb\"").size() + logged(1, "\"POST /publish/lb\"").size(), n -> n == 10,
                () -> "both instances logging the ten publishes");
        for (int i = 0; i < 2; i++) {
            List<String> publishes = logged(i, "\"POST /publish/lb\"");
            assertEquals(5, publishes.size(), "round robin: half the publishes on instance " + i + "\n" + instances.get(i).stderr());
            // nginx (127.0.0.1, trusted) connected; the log names the client it forwarded for, without a port.
            for (String line : publishes) assertEquals(CLIENT, line.split(" ")[1], line);
        }
        assertEquals("127.0.0.1", logged(subscribedOn, "\"GET /sse/lb\" 200").get(0).split(" ")[1], "rtc sse, forwarded by nginx");
    }

    @Test
    void anSseClientOfAnInstanceKilledWithSigkillReconnectsThroughNginxToTheOtherAndResumesWithNoLossNoDuplicate() throws Exception {
        // A fixed reconnection time, long enough for the publishes below to happen while the client is away.
        Proc sse = rtc("sse", "--retry", "5s", url("http", "/sse/k"));
        int killed = instanceLogging("\"GET /sse/k\" 200");
        int survivor = 1 - killed;
        publishAll("k", 1, 10);
        assertEquals(range("k", 1, 10), sse.nextLines(10, WAIT));
        // An access-log line is written once its response is, so the client may have read the 201 first.
        await(() -> logged(0, "\"POST /publish/k\"").size() + logged(1, "\"POST /publish/k\"").size(), n -> n == 10,
                () -> "both instances logging the ten publishes");
        int storedBySurvivor = logged(survivor, "\"POST /publish/k\"").size();

        assertEquals(0, Proc.run(WAIT, "kill", "-KILL", Long.toString(instances.get(killed).pid())).exit());
        await(() -> sse.stderr(), err -> err.contains("reconnecting in 5000ms"), () -> "rtc sse saw its stream end: " + sse.stderr());
        // Through nginx while the client waits: the dead instance is skipped (proxy_next_upstream), none refused.
        publishAll("k", 11, 20);
        assertEquals(List.of(), logged(survivor, "\"GET /sse/k\" 200"), "the client had not reconnected yet: what follows is resumed");
        assertEquals(storedBySurvivor + 10, await(() -> logged(survivor, "\"POST /publish/k\"").size(), n -> n >= storedBySurvivor + 10,
                () -> "the survivor logging ten more publishes"), "the survivor stored all ten");

        // Reconnected through nginx to the survivor with Last-Event-ID: the ten it missed, then live ones.
        assertEquals(range("k", 11, 20), sse.nextLines(10, WAIT), "resumed: no loss, no duplicate, no gap event");
        assertEquals(1, logged(survivor, "\"GET /sse/k\" 200").size(), instances.get(survivor).stderr());
        publishAll("k", 21, 22);
        assertEquals(range("k", 21, 22), sse.nextLines(2, WAIT));
    }

    @Test
    void aWebSocketThroughNginxReachesAWebSocketOnTheOtherInstance() throws Exception {
        Proc listener = rtc("ws", "--json", "-n", "1", url("ws", "/ws/w"));
        assertTrue(listener.nextLine(WAIT).startsWith("{\"type\":\"open\""), listener.stdout());
        Proc sender = rtc("ws", "-x", "hello over nginx", "-n", "1", url("ws", "/ws/w"));
        assertEquals("hello over nginx", sender.nextLine(WAIT), "the sender receives its own message, like every subscriber");
        assertTrue(listener.nextLine(WAIT).contains("\"data\":\"hello over nginx\""), listener.stdout());
        assertEquals(0, sender.finish(WAIT).exit(), sender.stderr());
        assertEquals(0, listener.finish(WAIT).exit(), listener.stderr());
        for (int i = 0; i < 2; i++) {
            List<String> opened = logged(i, "\"GET /ws/w\" 101");
            assertEquals(1, opened.size(), "one socket on each instance: " + instances.get(i).stderr());
            assertEquals("127.0.0.1", opened.get(0).split(" ")[1], "the client nginx forwarded for");
        }
    }
}
