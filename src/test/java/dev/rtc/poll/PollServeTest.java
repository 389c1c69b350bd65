package dev.rtc.poll;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.Running;
import dev.rtc.json.JsonReader;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.TestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code rtc poll} against {@code rtc serve}'s /poll route, the README's example. */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
public class PollServeTest {

    /** The ids of the messages in each printed poll body, in order. */
    @SuppressWarnings("unchecked")
    public static List<Long> ids(String out) {
        List<Long> ids = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Map<String, Object> body = (Map<String, Object>) JsonReader.parse(line);
            for (Object m : (List<Object>) body.get("messages")) {
                ids.add(((BigDecimal) ((Map<String, Object>) m).get("id")).longValue());
            }
        }
        return ids;
    }

    private static void publishWhilePolling(TestServer served, Running run, int messages) throws Exception {
        run.awaitOut(out -> !out.isEmpty()); // the first answer is in: the cursor is set
        for (int i = 1; i <= messages; i++) {
            served.server.publish("news", ("m" + i).getBytes(StandardCharsets.UTF_8));
            if (i % 3 == 0) Thread.sleep(15); // some polls see one message, some several
        }
    }

    @Test
    void cursorWithChangesPrintsEveryMessageOnceAndNothingElse() throws Exception {
        try (TestServer served = TestServer.start()) {
            Running run = Running.start("poll", served.server.url() + "/poll/news", "--cursor", "/last_id", "--changes",
                    "-i", "5ms", "--until", "\"data\":\"m10\"");
            publishWhilePolling(served, run, 10);
            Captured done = run.finish();

            assertEquals(0, done.exitCode(), done.err());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), ids(done.out()));
            // --changes: the first, empty answer, then only bodies that carried something new
            assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":0}", done.out().lines().findFirst().orElseThrow());
            done.out().lines().skip(1).forEach(l -> assertEquals(false, l.contains("\"messages\":[]"), l));
            assertEquals("", done.err());
        }
    }

    @Test
    void cursorAlonePrintsEachMessageInExactlyOneBody() throws Exception {
        try (TestServer served = TestServer.start()) {
            Running run = Running.start("poll", served.server.url() + "/poll/news", "--cursor", "/last_id", "-i", "5ms",
                    "--until", "\"data\":\"m10\"");
            publishWhilePolling(served, run, 10);
            Captured done = run.finish();

            assertEquals(0, done.exitCode(), done.err());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), ids(done.out()));
        }
    }

    @Test
    void theReadmeExamplePrintsEachMessageOnceOnItsOwnLine() throws Exception {
        try (TestServer served = TestServer.start()) {
            served.server.publish("news", "m1".getBytes(StandardCharsets.UTF_8));
            Running run = Running.start("poll", served.server.url() + "/poll/news", "--cursor", "/last_id",
                    "--each", "/messages", "-i", "5ms", "--until", "\"data\":\"m10\"");
            run.awaitOut(out -> out.contains("\"data\":\"m1\""));
            for (int i = 2; i <= 10; i++) {
                served.server.publish("news", ("m" + i).getBytes(StandardCharsets.UTF_8));
                if (i % 3 == 0) Thread.sleep(15); // some polls see one message, some several, most none
            }
            Captured done = run.finish();

            assertEquals(0, done.exitCode(), done.err());
            List<String> lines = done.out().lines().toList();
            assertEquals(10, lines.size(), done.out());
            for (int i = 0; i < 10; i++) {
                assertTrue(lines.get(i).matches("\\{\"id\":" + (i + 1) + ",\"data\":\"m" + (i + 1) + "\",\"ts\":\"[^\"]+\"}"), lines.get(i));
            }
            assertEquals("", done.err());
        }
    }

    @Test
    void eachOnSomethingThatIsNoArrayWarnsOnce() throws Exception {
        try (TestServer served = TestServer.start()) {
            Captured run = Captured.run("poll", served.server.url() + "/poll/news", "--each", "/last_id", "-i", "5ms",
                    "--timeout", "2s"); // time for many polls, and for a first request in a cold JVM

            assertEquals(new Captured(3, "", "rtc: warning: --each /last_id does not name an array; nothing printed\n"), run);
        }
    }

    @Test
    void afterAFirstAnswerAFailedConnectionIsReportedAndPollingGoesOn() throws Exception {
        TestServer served = TestServer.start();
        Running run;
        try {
            run = Running.start("poll", served.server.url() + "/healthz", "-i", "50ms", "--timeout", "3s");
            run.awaitOut(out -> out.startsWith("ok\n"));
        } finally {
            served.close();
        }
        run.awaitErr(err -> err.lines().filter(l -> l.startsWith("rtc: cannot connect to ")).count() >= 2);
        Captured done = run.finish();

        assertEquals(3, done.exitCode(), done.err());
    }
}
