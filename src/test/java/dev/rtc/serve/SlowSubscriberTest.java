package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subscriber that never reads is disconnected once more than --max-pending bytes wait for it, rather
 * than buffered without bound; the others go on.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = SECONDS)
class SlowSubscriberTest {
    private static final int MAX_PENDING = 64 * 1024;
    private static final byte[] CHUNK = new byte[16 * 1024];
    /** Far more than socket buffers and --max-pending hold; the loop ends as soon as the drop is seen. */
    private static final int MAX_PUBLISHES = 4_000;

    static {
        Arrays.fill(CHUNK, (byte) 'x');
    }

    @RegisterExtension
    final ServerExtension server = ServerExtension.started(ServeConfig.loopback().withLimits(1 << 20, MAX_PENDING));
    private TestServer t;

    @BeforeEach
    void start() {
        t = server.get();
    }


    @Test
    void anSseSubscriberThatNeverReadsIsDisconnected() throws Exception {
        try (RawConnection lazy = new RawConnection(t.server, 4096)) {
            lazy.write("GET /sse/flood HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            t.awaitSubscribers("flood", "sse", 1);

            int published = publishUntilDropped(null);

            assertEquals(1, t.metric("rtc_slow_subscribers_disconnected_total"), "after " + published + " publishes");
            t.awaitSubscribers("flood", "sse", 0);
            assertTrue(lazy.closedByServer(), "the server closed the connection");
        }
    }

    @Test
    void aWebSocketSubscriberThatNeverReadsIsDisconnectedWhileAnotherGoesOn() throws Exception {
        try (RawConnection lazy = new RawConnection(t.server, 4096)) {
            lazy.upgrade("/ws/flood");
            StreamRecorder reader = t.http.stream("/stream/flood");
            t.awaitSubscribers("flood", "ws", 1);
            t.awaitSubscribers("flood", "stream", 1);

            publishUntilDropped(reader);

            assertEquals(1, t.metric("rtc_slow_subscribers_disconnected_total"));
            t.awaitSubscribers("flood", "ws", 0);
            assertEquals(1, t.metric("rtc_subscribers{technique=\"stream\"}"), "the reading subscriber stays");
            t.server.publish("flood", "still here".getBytes());
            String line;
            do {
                line = reader.next();
            } while (line.startsWith("xxxx"));
            assertEquals("still here", line);
            reader.cancel();
        }
    }

    /**
     * Publishes 16 KiB messages until the server reports a dropped subscriber; how many it took. When
     * {@code keepUp} is given, each message is read from it before the next is published, so that a busy
     * machine cannot leave that reader more than --max-pending behind too.
     */
    private int publishUntilDropped(StreamRecorder keepUp) throws Exception {
        for (int i = 1; i <= MAX_PUBLISHES; i++) {
            t.server.publish("flood", CHUNK);
            if (keepUp != null) assertTrue(keepUp.next().startsWith("xxxx"), "the reading subscriber gets each message");
            if (i % 25 == 0 && t.metric("rtc_slow_subscribers_disconnected_total") > 0) return i;
        }
        throw new AssertionError("no slow subscriber dropped after " + MAX_PUBLISHES + " publishes of 16 KiB");
    }
}
