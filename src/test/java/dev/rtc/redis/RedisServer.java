package dev.rtc.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.interop.Proc;
import dev.rtc.serve.interop.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's) for a test: a free loopback port, its own temp directory, no
 * persistence unless asked; {@link #stop} and {@link #start} again on the same port (a restart).
 */
public final class RedisServer implements AutoCloseable {
    public final int port;
    public final Path dir;
    private final List<String> extra;
    /** With TLS only ({@code rediss://}): the CA that signed its certificate, for clients. */
    private final Path ca;
    private Proc proc;

    private RedisServer(List<String> extra, Path ca) {
        Tool.need("redis-server", Files.isExecutable(Path.of("/usr/bin/redis-server")), "apt-get install -y redis-server");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            dir = Files.createTempDirectory("rtc-redis");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.extra = extra;
        this.ca = ca;
    }

    /** Started, without persistence ({@code --save '' --appendonly no}) unless {@code extra} says otherwise. */
    public static RedisServer started(String... extra) {
        RedisServer r = new RedisServer(List.of(extra), null);
        r.start();
        return r;
    }

    /**
     * Started with TLS only on its port ({@code rediss://}): {@code cert} and {@code key} (PEM) signed by
     * {@code ca}; no client certificate asked for.
     */
    public static RedisServer startedTls(Path cert, Path key, Path ca) {
        RedisServer r = new RedisServer(List.of("--port", "0", "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"), ca);
        r.start();
        return r;
    }

    public String url() {
        return (ca == null ? "redis://" : "rediss://") + "127.0.0.1:" + port;
    }

    public void start() {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/redis-server", ca == null ? "--port" : "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no"));
        cmd.addAll(extra);
        proc = Proc.start(cmd);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (cli("PING").contains("PONG") || cli("PING").contains("NOAUTH")) return;
            if (!proc.stdout().isEmpty() && proc.stdout().contains("# Server initialized") && cli("PING").contains("LOADING")) continue;
            Thread.onSpinWait();
        }
        fail("redis-server did not answer PING within 10s: " + proc.stdout() + proc.stderr());
    }

    /** redis-cli against this server (no password); its output. */
    public String cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        if (ca != null) cmd.addAll(List.of("--tls", "--cacert", ca.toString()));
        cmd.addAll(List.of(args));
        return Proc.run(Duration.ofSeconds(10), cmd).out();
    }

    /** Stops the server: a clean SHUTDOWN (saving when persistence is on), else killed. */
    public void stop() {
        if (proc == null) return;
        cli("SHUTDOWN");
        proc.finish(Duration.ofSeconds(10));
        proc = null;
    }

    @Override
    public void close() {
        if (proc != null) proc.close();
        proc = null;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
