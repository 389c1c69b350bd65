package dev.rtc.peer;

import dev.rtc.Launcher;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.serve.interop.Tool;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the peer process tests share: a namespace of their own ({@link Namespace}), {@code cli/rtc serve}
 * running in it for the signalling room, and the processes a test starts there (killed after each
 * test), each with stdout and stderr in files. A JUnit extension: {@code @RegisterExtension static final
 * PeerRig rig = PeerRig.withRelay();} makes the namespace before the class's tests and deletes it after.
 * {@link #withRelaysOnRedis()} runs a {@code redis-server} and two {@code rtc serve --redis} on it instead:
 * {@link #room} names a room on the first, {@link #roomOnSecond} the same room on the second.
 */
final class PeerRig implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    static final Path RTC = Launcher.RTC;
    static final Duration RUN = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on http://([0-9.]+:\\d+)");

    /** The namespace, made before the class's first test. */
    Namespace ns;
    private final boolean relay;
    private final boolean redis;
    private final java.util.function.Consumer<Namespace> setup;
    private Process serve;
    private Process serve2;
    private Process redisServer;
    private Path redisDir;
    /** {@code ws://HOST:PORT/signal/}, to which a test adds its room; the second instance's with Redis. */
    private String signal;
    private String signal2;
    private final List<Process> started = new ArrayList<>();

    private PeerRig(boolean relay, boolean redis, java.util.function.Consumer<Namespace> setup) {
        this.relay = relay;
        this.redis = redis;
        this.setup = setup;
    }

    private PeerRig(boolean relay, java.util.function.Consumer<Namespace> setup) {
        this(relay, false, setup);
    }

    /** For {@code @RegisterExtension static}: a namespace with rtc serve in it for the class's tests. */
    static PeerRig withRelay() {
        return new PeerRig(true, ns -> {});
    }

    /** For {@code @RegisterExtension static}: a namespace with redis-server and two rtc serve --redis on it. */
    static PeerRig withRelaysOnRedis() {
        return new PeerRig(true, true, ns -> {});
    }

    /** For {@code @RegisterExtension static}: only the processes, for a test that makes its own namespaces. */
    static PeerRig processesOnly() {
        return new PeerRig(false, null);
    }

    /** For {@code @RegisterExtension static}: a namespace, {@code setup} done in it, and no relay. */
    static PeerRig bare(java.util.function.Consumer<Namespace> setup) {
        return new PeerRig(false, setup);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (setup == null) return;
        ns = Namespace.create();
        try {
            setup.accept(ns);
            if (relay && redis) startRelaysOnRedis();
            else if (relay) startRelay();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        killStarted();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        close();
    }

    String room(String name) {
        return signal + name;
    }

    /** The same room on the second instance ({@link #withRelaysOnRedis()}). */
    String roomOnSecond(String name) {
        return signal2 + name;
    }

    private void startRelay() throws IOException {
        serve = new ProcessBuilder(ns.exec(List.of(RTC.toString(), "serve", "-p", "0", "-q"))).redirectInput(new File("/dev/null")).start();
        signal = "ws://" + awaitListening(serve, ns.name) + "/signal/";
    }

    /**
     * Debian's redis-server in the namespace (its own loopback, so a fixed port is free), without
     * persistence, waited for until it says it is ready; then two instances on it.
     */
    private void startRelaysOnRedis() throws IOException {
        dev.rtc.serve.interop.Tool.need("redis-server", Files.isExecutable(Path.of("/usr/bin/redis-server")),
                "apt-get install -y redis-server");
        redisDir = Files.createTempDirectory("rtc-peer-redis");
        redisServer = new ProcessBuilder(ns.exec(List.of("/usr/bin/redis-server", "--port", "6379", "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", redisDir.toString())))
                .redirectInput(new File("/dev/null")).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(redisServer.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            said.append(line).append('\n');
            if (line.contains("Ready to accept connections")) break;
        }
        if (!redisServer.isAlive()) fail("redis-server did not start in namespace " + ns.name + ": " + said);
        drain(out);
        List<String> serveOnRedis = List.of(RTC.toString(), "serve", "-p", "0", "-q", "--redis", "redis://127.0.0.1:6379");
        serve = new ProcessBuilder(ns.exec(serveOnRedis)).redirectInput(new File("/dev/null")).start();
        signal = "ws://" + awaitListening(serve, ns.name) + "/signal/";
        serve2 = new ProcessBuilder(ns.exec(serveOnRedis)).redirectInput(new File("/dev/null")).start();
        signal2 = "ws://" + awaitListening(serve2, ns.name) + "/signal/";
    }

    private static void drain(java.io.Reader in) {
        Thread drain = new Thread(() -> {
            try {
                in.transferTo(Writer.nullWriter());
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    /** The HOST:PORT {@code rtc serve} says it listens on; the rest of its stderr is read and dropped. */
    static String awaitListening(Process serve, String where) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                drain(err);
                return m.group(1);
            }
        }
        fail("rtc serve did not start in namespace " + where);
        return null;
    }

    /** Debian's python3 when it has aiortc; else the test is skipped, or fails under CI=true. */
    static String aiortc() {
        String python = Tool.plainPython();
        try {
            Process p = new ProcessBuilder(python, "-c", "import aiortc, websockets").start();
            if (p.waitFor(30, SECONDS) && p.exitValue() == 0) return python;
        } catch (Exception ignored) {
            // reported below
        }
        String message = "aiortc is not installed (apt-get install -y python3-aiortc)";
        Tool.missing(message);
        return null;
    }

    /** A process in the namespace: stdin from a file (or /dev/null), stdout and stderr into {@code dir/NAME.out} and {@code .err}. */
    record Peer(Process process, Path out, Path err) {
        int exit(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                StringBuilder all = new StringBuilder();
                try (var files = Files.list(err.getParent())) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".err")).sorted().toList()) {
                        all.append("\n--- ").append(f.getFileName()).append(":\n").append(read(f));
                    }
                }
                fail(out.getFileName() + " still running after " + timeout + "; stderr of each:" + all);
            }
            return process.exitValue();
        }

        /** The same process, its stderr read from {@code file} (where a wrapper copies it). */
        Peer withErr(Path file) {
            return new Peer(process, out, file);
        }

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }
    }

    /** {@code [env VAR=…] cli/rtc peer ARGS} in the namespace. */
    Peer peer(Path dir, String name, Path stdin, List<String> env, String... args) throws IOException {
        return start(dir, name, stdin, ns.exec(rtcPeer(env, args)));
    }

    /** The command line of {@code [env VAR=…] cli/rtc peer ARGS}, outside the namespace. */
    static List<String> rtcPeer(List<String> env, String... args) {
        List<String> command = new ArrayList<>();
        if (!env.isEmpty()) {
            command.add("env");
            command.addAll(env);
        }
        command.add(RTC.toString());
        command.add("peer");
        command.addAll(List.of(args));
        return command;
    }

    Peer start(Path dir, String name, Path stdin, List<String> command) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command)
                .redirectInput(stdin == null ? new File("/dev/null") : stdin.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p);
        return new Peer(p, out, err);
    }

    /** A process the test started itself, killed with the others. */
    Process track(Process p) {
        started.add(p);
        return p;
    }

    void killStarted() throws InterruptedException {
        for (Process p : started) p.destroyForcibly().waitFor();
        started.clear();
    }

    private void close() throws InterruptedException {
        try {
            killStarted();
            if (serve != null) serve.destroyForcibly().waitFor();
            if (serve2 != null) serve2.destroyForcibly().waitFor();
            if (redisServer != null) redisServer.destroyForcibly().waitFor();
        } finally {
            if (ns != null) ns.close();
            if (redisDir != null) {
                try (var files = Files.walk(redisDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp dir
                }
            }
        }
    }

    static Path fifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).start();
        assertTrue(p.waitFor(10, SECONDS) && p.exitValue() == 0, "mkfifo");
        return path;
    }

    /** The first line of {@code file} that starts with {@code prefix}, waited for up to 40s. */
    static String awaitLine(Path file, String prefix) throws Exception {
        long deadline = System.nanoTime() + SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix)) return line;
            }
            Thread.sleep(100);
        }
        fail("no line starting with " + prefix + " in " + file + ": " + read(file));
        return null;
    }

    static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
