package dev.rtc.compare;

import dev.rtc.cli.RtcException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The whole comparison run again inside a network namespace of its own (loopback and a veth pair,
 * 10.99.0.1 and 10.99.0.2), so that the WebRTC peers, which libwebrtc will not connect over loopback,
 * never use this machine's real interfaces. Needs root on Linux; the namespace is removed afterwards.
 */
public final class PrivateNetwork {
    /** Set in the re-run's environment: it is the run inside, and must not make another namespace. */
    static final String INSIDE = "RTC_COMPARE_NETNS";
    /**
     * Where the run inside writes its report: not its stdout, on which webrtc-java's native code prints at
     * teardown (see dev.rtc.peer.CleanStdout).
     */
    private static final String REPORT = "RTC_COMPARE_REPORT";
    /** Set when the outer run's stderr is a terminal, so the run inside shows progress through the pipe. */
    private static final String PROGRESS = "RTC_COMPARE_PROGRESS";

    private PrivateNetwork() {}

    static boolean inside() {
        return System.getenv(INSIDE) != null;
    }

    /** Whether the run inside should show progress on its stderr (the outer run's terminal). */
    static boolean progressWanted() {
        return System.getenv(PROGRESS) != null;
    }

    /** Where the report goes: the file the outer run reads back when inside, else {@code out}. */
    static PrintWriter report(PrintWriter out) throws IOException {
        String file = System.getenv(REPORT);
        if (file == null) return out;
        return new PrintWriter(java.nio.file.Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8));
    }

    /** Null when a namespace can be made here, else why not. */
    static String unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return "not Linux";
        if (!"root".equals(System.getProperty("user.name"))) return "not root";
        if (!canRun("ip", "-V")) return "no ip command (iproute2)";
        return null;
    }

    /**
     * Runs {@code rtc compare args} in a fresh namespace with this JVM and class path, copying its stdout
     * and stderr to {@code out} and {@code err}; its exit code.
     */
    static int rerun(List<String> args, PrintWriter out, PrintWriter err, boolean progress) throws InterruptedException {
        String name = "rtc-compare-" + ProcessHandle.current().pid();
        Path report;
        try {
            report = java.nio.file.Files.createTempFile("rtc-compare-", ".out");
        } catch (IOException e) {
            throw new RtcException("cannot make a temporary file: " + e.getMessage());
        }
        try {
            must(null, "ip", "netns", "add", name);
            must("link set lo up\n"
                    + "link add va type veth peer name vb\n"
                    + "addr add 10.99.0.1/24 dev va\n"
                    + "addr add 10.99.0.2/24 dev vb\n"
                    + "link set va up\n"
                    + "link set vb up\n", "ip", "-n", name, "-batch", "-");
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name));
            command.addAll(sameJvm(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put(INSIDE, name);
            pb.environment().put(REPORT, report.toString());
            if (progress) pb.environment().put(PROGRESS, "1");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new RtcException("cannot run compare in namespace " + name + ": " + e.getMessage());
            }
            Thread copyErr = Relay.daemon("rtc-compare-netns-err", () -> copy(p.getErrorStream(), err));
            try (InputStream native1 = p.getInputStream()) {
                native1.transferTo(java.io.OutputStream.nullOutputStream()); // webrtc-java's chatter, not data
            } catch (IOException e) {
                // the child is gone
            }
            int code = p.waitFor();
            copyErr.join(5000);
            try {
                out.write(java.nio.file.Files.readString(report, StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new RtcException("cannot read the report of the run in namespace " + name + ": " + e.getMessage());
            }
            return code;
        } finally {
            run(null, "ip", "netns", "del", name);
            try {
                java.nio.file.Files.deleteIfExists(report);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    /**
     * This JVM again, with its own options (an AOT cache, native access) and jar or class path, running
     * {@code rtc compare args}: the process's command line with its program arguments replaced when they
     * can be told apart, else {@code java -cp CLASSPATH dev.rtc.Rtc}.
     */
    private static List<String> sameJvm(List<String> args) {
        List<String> all = new ArrayList<>();
        ProcessHandle.Info info = ProcessHandle.current().info();
        all.add(info.command().orElse("java"));
        String[] argv = info.arguments().orElse(new String[0]);
        List<String> given = new ArrayList<>(List.of("compare"));
        given.addAll(args);
        // the arguments compare parsed end the command line; before them: JVM options, the jar or class
        // path and main class, and root options such as --errors
        int at = argv.length - given.size();
        List<String> before = at > 0 ? List.of(argv).subList(0, at) : List.of();
        if (at > 0 && List.of(argv).subList(at, argv.length).equals(given) && before.stream().anyMatch(
                a -> a.equals("-jar") || a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path"))) {
            all.addAll(before);
        } else {
            all.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.rtc.Rtc"));
        }
        all.addAll(given);
        return all;
    }

    private static void copy(InputStream from, PrintWriter to) {
        try (Reader r = new InputStreamReader(from, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = r.read(buffer)) >= 0; ) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    private static void must(String stdin, String... command) {
        String error = run(stdin, command);
        if (error != null) throw new RtcException("cannot set up a private network: " + String.join(" ", command) + ": " + error.strip());
    }

    private static boolean canRun(String... command) {
        return run(null, command) == null;
    }

    /**
     * Runs {@code command} (with {@code stdin}, or none), giving it 20 s: null when it succeeded, else what
     * it said. The peer tests' namespaces use it too.
     */
    public static String run(String stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : said.isBlank() ? "exit " + p.exitValue() : said;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
