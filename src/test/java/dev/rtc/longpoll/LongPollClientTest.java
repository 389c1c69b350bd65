package dev.rtc.longpoll;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.http.HttpClientSettings;
import dev.rtc.http.HttpSession;
import dev.rtc.http.Recorder;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LongPollClient} driven from code: each message once, a waiting request cut by close(), traffic. */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class LongPollClientTest {

    @Test
    void handsOnEachMessageAsItIsPublishedAndStopsAtClose() throws Throwable {
        try (TestServer t = TestServer.start()) {
            Recorder recorder = new Recorder();
            HttpSession session = HttpSession.open(HttpClientSettings.get(t.server.url() + "/longpoll/news?since=0"));
            LongPollClient client = LongPollClient.create(session,
                    new LongPollClient.Settings("/last_id", "since", "/messages", 1 << 20), recorder);
            Recorder.Running running = Recorder.run(client);

            t.awaitSubscribers("news", "longpoll", 1);
            t.server.publish("news", "first".getBytes(StandardCharsets.UTF_8));
            Recorder.Message first = recorder.nextMessage();
            assertTrue(first.text().startsWith("{\"id\":1,\"data\":\"first\","), first.text());
            assertTrue(first.wireBytes() > first.text().length(), "head and body: " + first.wireBytes());
            t.awaitSubscribers("news", "longpoll", 1); // the next request waits for id 2
            t.server.publish("news", "second".getBytes(StandardCharsets.UTF_8));
            assertTrue(recorder.nextMessage().text().startsWith("{\"id\":2,\"data\":\"second\","));
            long deadline = System.nanoTime() + SECONDS.toNanos(5);
            while (client.traffic().requests() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
            running.close(); // cancels the request that is waiting

            recorder.assertQuiet();
            assertEquals(2, client.traffic().messages());
            assertEquals(3, client.traffic().requests());
            assertEquals(0, client.traffic().reconnections());
        }
    }
}
