package dev.rtc.sse;

import dev.rtc.Launcher;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.serve.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code cli/rtc sse} as a user runs it: UTF-8 on a real stdout, and SIGINT ends it with 130. */
@Timeout(value = 60, unit = SECONDS)
class SseProcessIT {
    private static final Path RTC = Launcher.RTC;

    @Test
    void printsUtf8AsItArrivesAndExits130OnSigint() throws Exception {
        try (TestServer t = TestServer.start()) {
            Process p = new ProcessBuilder(RTC.toString(), "sse", t.server.url() + "/sse/news")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
                // cli/rtc may build the jar first (a line says so); the test's timeout bounds the wait.
                for (String line = err.readLine(); line != null && !line.startsWith("connected to "); line = err.readLine()) {
                    // the build notice
                }
                t.awaitSubscribers("news", "sse", 1);
                t.server.publish("news", "h\u00e9llo \u20ac".getBytes(StandardCharsets.UTF_8));
                assertEquals("h\u00e9llo \u20ac", out.readLine());

                assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
                assertEquals(true, p.waitFor(10, SECONDS), "rtc sse did not exit after SIGINT");
                assertEquals(130, p.exitValue());
                assertEquals(null, out.readLine(), "nothing more on stdout");
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
