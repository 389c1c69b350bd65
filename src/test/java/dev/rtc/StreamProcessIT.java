package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cli/rtc stream} as a process writing into a pipe, where stdout is buffered and can be closed
 * by its reader: what in-process tests, writing to a StringWriter, cannot show.
 */
@Timeout(value = 60, unit = SECONDS)
class StreamProcessIT {
    private static final Path RTC = Launcher.RTC;

    private final List<Process> started = new ArrayList<>();
    private TestServer served;

    @BeforeEach
    void start() throws Exception {
        served = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
        served.close();
    }

    private String url(String topic) {
        return served.server.url() + "/stream/" + topic;
    }

    private Process start(String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    @Test
    void aLineReachesThePipeAtOnceWhileTheStreamStaysOpen() throws Exception {
        Process rtc = start(RTC.toString(), "stream", url("news"));
        served.awaitSubscribers("news", "stream", 1);

        served.server.publish("news", "hello".getBytes(StandardCharsets.UTF_8)); // and nothing after it
        BufferedReader stdout = new BufferedReader(new InputStreamReader(rtc.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (Exception e) {
                return e.toString();
            }
        }).get(10, SECONDS);

        assertEquals("hello", line);
        assertTrue(rtc.isAlive(), "the stream is still open");
    }

    @Test
    void headOneEndsAnEndlessStreamWithExitZeroAndNoWord() throws Exception {
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        AtomicLong tick = new AtomicLong();
        try {
            publisher.scheduleAtFixedRate(() -> served.server.publish("ticks", ("tick " + tick.incrementAndGet()).getBytes(StandardCharsets.UTF_8)),
                    0, 20, TimeUnit.MILLISECONDS);
            // rtc's own exit code, not head's: what a shell with pipefail would see.
            Process pipeline = start("bash", "-c", "\"$0\" stream \"$1\" | head -1; exit \"${PIPESTATUS[0]}\"", RTC.toString(), url("ticks"));

            assertTrue(pipeline.waitFor(30, SECONDS), "rtc stream | head -1 did not end within 30s");
            assertEquals(0, pipeline.exitValue());
            assertTrue(new String(pipeline.getInputStream().readAllBytes(), StandardCharsets.UTF_8).matches("tick \\d+\n"));
            assertEquals("", new String(pipeline.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            publisher.shutdownNow();
        }
    }
}
