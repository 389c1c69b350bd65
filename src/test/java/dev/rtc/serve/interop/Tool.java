package dev.rtc.serve.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The third-party clients the interop tests run, found or not. Missing locally, a test is skipped with
 * the install step in its message; under {@code CI=true} (or {@code -Drtc.interop.required=true}) it
 * fails, because CI installs every one of them and a skip there would hide a broken install.
 */
public final class Tool {
    public static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    public static final Path SCRIPTS = PROJECT.resolve("src/test/interop");
    public static final Path NODE_MODULES = PROJECT.resolve("node_modules");
    /** Debian's python3; the python3 first on PATH may be another one without the websockets package. */
    public static final String PYTHON = "/usr/bin/python3";
    public static final String CHROMIUM = "/usr/bin/chromium";

    private Tool() {}

    public static boolean required() {
        return "true".equals(System.getenv("CI")) || Boolean.getBoolean("rtc.interop.required");
    }

    public static String curl() {
        need("curl", works(List.of("curl", "--version")), "apt-get install -y curl");
        return "curl";
    }

    public static String openssl() {
        need("openssl", works(List.of("openssl", "version")), "apt-get install -y openssl");
        return "openssl";
    }

    public static String python() {
        need("python3 with the websockets package", works(List.of(PYTHON, "-c", "import websockets")),
                "apt-get install -y python3-websockets");
        return PYTHON;
    }

    /** Debian's python3 with the Prometheus project's client library, whose text parser reads /metrics. */
    public static String prometheusPython() {
        need("python3 with the prometheus_client package", works(List.of(PYTHON, "-c", "import prometheus_client")),
                "apt-get install -y python3-prometheus-client");
        return PYTHON;
    }

    /** nghttp2's command-line client (Debian nghttp2-client), which prints every HTTP/2 frame with -v. */
    public static String nghttp() {
        need("nghttp", works(List.of("nghttp", "--version")), "apt-get install -y nghttp2-client");
        return "nghttp";
    }

    /** Debian's python3 with nothing beyond its standard library (http.server, for instance). */
    public static String plainPython() {
        need("python3", works(List.of(PYTHON, "--version")), "apt-get install -y python3");
        return PYTHON;
    }

    /** Node, plus the npm packages the script imports, installed from package-lock.json. */
    public static String node(String... packages) {
        need("node", works(List.of("node", "--version")), "install Node.js 20");
        for (String p : packages) {
            need("npm package " + p, Files.isDirectory(NODE_MODULES.resolve(p)), "npm ci (in " + PROJECT + ")");
        }
        return "node";
    }

    public static String chromium() {
        need("chromium", Files.isExecutable(Path.of(CHROMIUM)), "apt-get install -y chromium");
        return CHROMIUM;
    }

    public static Path script(String relative) {
        return SCRIPTS.resolve(relative);
    }

    /** Skips the test when {@code what} is missing, or fails it under CI=true: {@link #missing}. */
    public static void need(String what, boolean present, String install) {
        if (!present) missing(what + " is not installed (" + install + ")");
    }

    /**
     * The one require-or-skip rule: a test that cannot run here (a tool missing, no root for a namespace)
     * is skipped locally with {@code why}, and fails under CI=true, where everything it needs is installed.
     */
    public static void missing(String why) {
        if (required()) fail(why + "; CI=true, so this is a failure, not a skip");
        Assumptions.abort(why + ": skipping");
    }

    /** Whether {@code command} runs and exits 0; asked once per command per test run. */
    private static boolean works(List<String> command) {
        return WORKS.computeIfAbsent(command, c -> {
            try {
                return Proc.run(Duration.ofSeconds(10), c).exit() == 0;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static final Map<List<String>, Boolean> WORKS = new ConcurrentHashMap<>();
}
