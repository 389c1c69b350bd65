package dev.rtc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.serve.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP clients run as {@code cli/rtc} processes: signals, stdin, exit codes. */
@Timeout(value = 60, unit = SECONDS)
class ClientProcessIT {
    private static final Path RTC = Launcher.RTC;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) p.destroyForcibly().waitFor();
    }

    private Process rtc(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(RTC.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void sigintEndsAWaitingLongPollWithExit130() throws Exception {
        try (TestServer served = TestServer.start()) {
            Process p = rtc("longpoll", served.server.url() + "/longpoll/quiet");
            served.awaitSubscribers("quiet", "longpoll", 1);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "still running after SIGINT");
            assertEquals(130, p.exitValue(), read(p.getErrorStream()));
            assertEquals("", read(p.getInputStream()));
        }
    }

    @Test
    void dataFromStdinIsTheRequestBody() throws Exception {
        try (TestServer served = TestServer.start()) {
            Process p = rtc("poll", served.server.url() + "/publish/news", "-n", "1", "-d", "@-");
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write("from stdin\n".getBytes(StandardCharsets.UTF_8));
            }

            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), read(p.getErrorStream()));
            assertTrue(read(p.getInputStream()).startsWith("{\"topic\":\"news\",\"id\":1,"));
            assertTrue(served.http.get("/poll/news").body().contains("\"data\":\"from stdin\\n\""));
        }
    }

    @Test
    void stdinIsNotReadWithoutDataFromStdin() throws Exception {
        try (TestServer served = TestServer.start()) {
            Process p = rtc("poll", served.server.url() + "/healthz", "-n", "1"); // stdin: an open pipe, never written

            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "waited for stdin");
            assertEquals(0, p.exitValue(), read(p.getErrorStream()));
            assertEquals("ok\n", read(p.getInputStream()));
            p.getOutputStream().close();
        }
    }
}
