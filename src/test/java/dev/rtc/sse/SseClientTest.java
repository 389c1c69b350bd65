package dev.rtc.sse;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.cli.Backoff;
import dev.rtc.http.HttpClientSettings;
import dev.rtc.http.HttpSession;
import dev.rtc.http.Recorder;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SseClient} driven from code: lifecycle, each event with its bytes in the stream, traffic. */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class SseClientTest {

    @Test
    void handsOnEachEventWithItsBytesInTheStream() throws Throwable {
        try (TestServer t = TestServer.start()) {
            Recorder recorder = new Recorder();
            HttpSession session = HttpSession.open(HttpClientSettings.get(t.server.url() + "/sse/news"));
            SseClient client = SseClient.create(session, SseClient.Settings.defaults(), recorder);
            Recorder.Running running = Recorder.run(client);

            assertTrue(recorder.nextEvent("opened").detail().contains("url=" + t.server.url() + "/sse/news"));
            t.awaitSubscribers("news", "sse", 1);
            t.server.publish("news", "a".getBytes(StandardCharsets.UTF_8));
            t.server.publish("news", "two\nlines".getBytes(StandardCharsets.UTF_8));
            Recorder.Message a = recorder.nextMessage();
            Recorder.Message two = recorder.nextMessage();
            running.close();

            assertEquals("a", a.text());
            assertEquals("1", a.fields().get("id"));
            assertTrue(a.wireBytes() >= "id: 1\ndata: a\n\n".length(), "the retry block before it counts too: " + a.wireBytes());
            assertEquals("two\nlines", two.text());
            assertEquals("id: 2\ndata: two\ndata: lines\n\n".length(), two.wireBytes());
            assertEquals(2, client.traffic().messages());
            assertEquals(1, client.traffic().connections());
            assertTrue(client.traffic().bytesReceived() >= a.wireBytes() + two.wireBytes(), client.traffic().toString());
        }
    }

    @Test
    void theFiguresInTheHelpAreThoseOfTheStandardBackoff() {
        assertEquals(Backoff.INITIAL.toMillis(), SseClient.MIN_SERVER_RETRY_MS);
        assertEquals(Backoff.CAP.toMillis(), SseClient.BACKOFF_CAP_MS);
    }
}
