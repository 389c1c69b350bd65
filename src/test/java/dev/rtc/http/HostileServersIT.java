package dev.rtc.http;

import dev.rtc.Launcher;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cli/rtc} in a JVM with a small heap ({@code RTC_JAVA_OPTS=-Xmx128m}) against hostile servers:
 * a gzip bomb of 1 GiB, headers that stall after the status line, {@code retry: 0}. Each run ends with
 * its exit code and one line on stderr, never an OutOfMemoryError.
 */
@Timeout(value = 180, unit = SECONDS)
class HostileServersIT {
    private static final Path RTC = Launcher.RTC;

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, List<String> err) {}

    private Run rtc(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RTC.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("RTC_JAVA_OPTS", "-Xmx128m");
        Process p = pb.start();
        try {
            if (!p.waitFor(60, SECONDS)) fail("rtc " + String.join(" ", args) + " still running after 60s");
        } finally {
            p.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("rtc: building target/rtc.jar")).toList(); // the launcher's first use
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), lines);
    }

    @Test
    void aGigabyteGzipBombEndsPollAndLongpollWithOneLine() throws Exception {
        try (RawServer bomb = RawServer.start(Hostile.gzipBomb(1024))) {
            String tooLarge = "rtc: a response body larger than --max-message-size (4194304 bytes) from " + bomb.url("/");
            assertEquals(new Run(1, "", List.of(tooLarge)), rtc("poll", bomb.url("/"), "--fail"));
            assertEquals(new Run(1, "", List.of(tooLarge)), rtc("longpoll", bomb.url("/")));
        }
    }

    @Test
    void stalledHeadersEndEveryHttpClientWithOneLine() throws Exception {
        try (RawServer stall = RawServer.start(Hostile.stalledHeaders(60))) {
            String stalled = "rtc: 127.0.0.1:" + stall.port() + ": the response headers did not complete within 2s "
                    + "of their first byte (--connect-timeout)";
            assertEquals(new Run(1, "", List.of(stalled)),
                    rtc("sse", stall.url("/"), "--heartbeat-timeout", "2s", "--connect-timeout", "2s"));
            for (String command : new String[] {"poll", "longpoll", "stream"}) {
                assertEquals(new Run(1, "", List.of(stalled)), rtc(command, stall.url("/"), "--connect-timeout", "2s"), command);
            }
        }
    }

    @Test
    void retryZeroDoesNotMakeSseReconnectWithoutPause() throws Exception {
        try (RawServer server = RawServer.start(Hostile.retryZero())) {
            Run run = rtc("sse", server.url("/"), "--timeout", "3s");

            assertEquals(3, run.exitCode(), String.join("\n", run.err()));
            assertTrue(server.connections() <= 14, server.connections() + " connections in 3s");
        }
    }
}
