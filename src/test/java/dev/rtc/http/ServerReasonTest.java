package dev.rtc.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rtc.Captured;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every HTTP client prints the server's short reason with an error status, and a 401 says where credentials go. */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class ServerReasonTest {
    private static final String INVALID = "invalid topic 'bad topic!': use 1 to 128 of A-Z a-z 0-9 . _ ~ -";

    @Test
    void aBadTopicSaysWhatIsWrongWithIt() throws Exception {
        try (TestServer t = TestServer.start()) {
            for (String technique : new String[] {"poll", "longpoll", "stream", "sse"}) {
                String url = t.server.url() + "/" + technique + "/bad%20topic!";
                String[] args = technique.equals("poll") ? new String[] {technique, url, "--fail"} : new String[] {technique, url};

                assertEquals(new Captured(1, "", "rtc: HTTP 400 Bad Request from " + url + ": " + INVALID + "\n"),
                        Captured.run(args), technique);
            }
        }
    }

    @Test
    void unauthorizedHintsAtBearerAndUser() throws Exception {
        try (TestServer t = TestServer.start(ServeConfig.loopback().withAccess(null, "s3cret"))) {
            for (String technique : new String[] {"poll", "longpoll", "stream", "sse"}) {
                String url = t.server.url() + "/" + technique + "/news";
                String[] args = technique.equals("poll") ? new String[] {technique, url, "--fail"} : new String[] {technique, url};

                assertEquals(new Captured(1, "", "rtc: HTTP 401 Unauthorized from " + url
                        + ": missing or wrong token: send Authorization: Bearer TOKEN or ?token= "
                        + "(send credentials with --bearer TOKEN or -u USER:PASSWORD)\n"), Captured.run(args), technique);
            }
        }
    }

    private static String reason(String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpError.reason(type, bytes, bytes.length);
    }

    @Test
    void theReasonIsTheJsonErrorOrTheFirstLineOfPlainTextBoundedAndClean() {
        assertEquals("no such thing", reason("application/json", "{\"error\":\"no such thing\",\"status\":404}"));
        assertEquals("quota", reason("application/problem+json", "{\"error\":\"quota\"}"));
        assertEquals("untyped", reason(null, "  {\"error\":\"untyped\"}"));
        assertNull(reason("application/json", "{\"message\":\"not the error field\"}"));
        assertNull(reason("application/json", "{\"error\":\"cut off"));
        assertEquals("first line", reason("text/plain; charset=utf-8", "\n first line \nsecond line\n"));
        assertNull(reason("text/html", "<!DOCTYPE html><p>oops"));
        assertNull(reason("text/event-stream", "data: x\n\n"));
        assertEquals("bell  and escape  [31m", reason("text/plain", "bell\u0007\tand escape \u001b[31m"));
        String longReason = reason("text/plain", "x".repeat(1000));
        assertEquals(HttpError.MAX_REASON, longReason.length());
        assertEquals("x".repeat(HttpError.MAX_REASON - 1) + "\u2026", longReason);
    }
}
