package dev.rtc.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.http.HttpClientSettings;
import dev.rtc.http.HttpSession;
import dev.rtc.http.Recorder;
import dev.rtc.serve.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StreamClientTest {

    @Test
    void findsTheFirstNewlineInTheRangeWhereverItFallsInAWord() {
        // Bytes next to '\n' in value (0x09, 0x0b, 0x8a, 0x0a ^ 0x80) and ones that borrow (0x00, 0x01, 0xff).
        byte[] others = {0x00, 0x01, 0x09, 0x0b, (byte) 0x8a, (byte) 0xff, 'a', '\r'};
        Random random = new Random(7);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(8) == 0 ? (byte) '\n' : others[random.nextInt(others.length)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = -1;
            for (int i = from; i < to && expected == -1; i++) {
                if (bytes[i] == '\n') expected = i;
            }
            assertEquals(expected, StreamClient.indexOfNewline(bytes, from, to));
        }
    }

    @Test
    @Timeout(value = 20, unit = SECONDS)
    void drivenFromCodeItHandsOnEachLineWithItsBytesAndStopsAtClose() throws Throwable {
        try (TestServer t = TestServer.start()) {
            Recorder recorder = new Recorder();
            HttpSession session = HttpSession.open(HttpClientSettings.get(t.server.url() + "/stream/news"));
            StreamClient client = StreamClient.create(session, StreamClient.Settings.lines(), recorder);
            Recorder.Running running = Recorder.run(client);

            assertEquals("{status=200}", recorder.nextEvent("opened").detail());
            t.awaitSubscribers("news", "stream", 1);
            t.server.publish("news", "hello".getBytes(StandardCharsets.UTF_8));
            t.server.publish("news", "w\u00f6rld".getBytes(StandardCharsets.UTF_8));
            Recorder.Message hello = recorder.nextMessage();
            Recorder.Message world = recorder.nextMessage();
            running.close();

            assertEquals("hello", hello.text());
            assertEquals(6, hello.wireBytes(), "the line and its end");
            assertEquals("w\u00f6rld", world.text());
            assertEquals(7, world.wireBytes());
            recorder.assertQuiet();
            assertEquals(2, client.traffic().messages());
            assertEquals(1, client.traffic().requests());
            assertTrue(client.traffic().bytesReceived() > 13, client.traffic().toString());
        }
    }
}
