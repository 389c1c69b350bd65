package dev.rtc.poll;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.client.Traffic;
import dev.rtc.http.HttpClientSettings;
import dev.rtc.http.HttpSession;
import dev.rtc.http.RawServer;
import dev.rtc.http.Recorder;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PollClient} driven from code, as rtc compare drives it: messages, wire bytes, traffic, close. */
@Timeout(value = 20, unit = SECONDS)
@ExtendWith(LeakCheck.class)
class PollClientTest {

    @Test
    void handsOnEachMessageOnceWithTheCursorAndCountsWhatItCost() throws Throwable {
        try (TestServer t = TestServer.start()) {
            t.server.publish("news", "a".getBytes(StandardCharsets.UTF_8));
            t.server.publish("news", "b".getBytes(StandardCharsets.UTF_8));
            Recorder recorder = new Recorder();
            HttpSession session = HttpSession.open(HttpClientSettings.get(t.server.url() + "/poll/news?since=0"));
            PollClient client = PollClient.create(session, new PollClient.Settings(Duration.ofMillis(20), false,
                    "/last_id", "since", "/messages", false, 1 << 20), recorder);
            Recorder.Running running = Recorder.run(client);

            Recorder.Message a = recorder.nextMessage();
            Recorder.Message b = recorder.nextMessage();
            assertTrue(a.text().startsWith("{\"id\":1,\"data\":\"a\",\"ts\":\""), a.text());
            assertTrue(b.text().startsWith("{\"id\":2,\"data\":\"b\",\"ts\":\""), b.text());
            assertTrue(a.wireBytes() > a.text().length() + b.text().length(), "head and body: " + a.wireBytes());
            assertEquals(0, b.wireBytes(), "the response's bytes go with its first message only");
            assertEquals(200, a.fields().get("status"));
            t.server.publish("news", "c".getBytes(StandardCharsets.UTF_8));
            assertTrue(recorder.nextMessage().text().startsWith("{\"id\":3,\"data\":\"c\","));
            running.close();

            recorder.assertQuiet();
            Traffic traffic = client.traffic();
            assertEquals(3, traffic.messages());
            assertEquals(1, traffic.connections(), "keep-alive: one connection for every poll");
            assertTrue(traffic.requests() >= 2, traffic.toString());
            assertTrue(traffic.bytesSent() > 0 && traffic.bytesReceived() > a.wireBytes(), traffic.toString());
        }
    }

    @Test
    void aResponsesWireBytesAreItsHeadAndBodyAsSent() throws Throwable {
        String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
        try (RawServer server = RawServer.start((head, out) -> out.write(RawServer.ascii(response)))) {
            Recorder recorder = new Recorder();
            HttpSession session = HttpSession.open(HttpClientSettings.get(server.url("/")));
            PollClient client = PollClient.create(session, PollClient.Settings.every(Duration.ofSeconds(10)), recorder);
            long before = System.nanoTime();
            Recorder.Running running = Recorder.run(client);

            Recorder.Message m = recorder.nextMessage();
            running.close();
            assertEquals("hello", m.text());
            assertEquals(response.length(), m.wireBytes());
            assertTrue(m.receivedNanos() - before > 0 && System.nanoTime() - m.receivedNanos() > 0);
            assertEquals(response.length(), client.traffic().bytesReceived());
        }
    }
}
