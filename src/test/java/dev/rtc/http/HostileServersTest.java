package dev.rtc.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP clients against servers that misbehave on purpose: each ends with one line and the right exit
 * code instead of reading without bound or waiting for ever. HostileServersIT runs the same in a JVM
 * with a small heap.
 */
@Timeout(value = 30, unit = SECONDS)
class HostileServersTest {

    @Test
    void aGzipBombIsCutAtMaxMessageSizeByPollAndLongpoll() throws Exception {
        try (RawServer bomb = RawServer.start(Hostile.gzipBomb(64))) {
            String tooLarge = "rtc: a response body larger than --max-message-size (1048576 bytes) from " + bomb.url("/") + "\n";
            assertEquals(new Captured(1, "", tooLarge), Captured.run("poll", bomb.url("/"), "--fail", "--max-message-size", "1MiB"));
            assertEquals(new Captured(1, "", tooLarge), Captured.run("longpoll", bomb.url("/"), "--max-message-size", "1MiB"));
        }
    }

    @Test
    void withoutFailPollReportsATooLargeBodyAndGoesOn() throws Exception {
        try (RawServer bomb = RawServer.start(Hostile.gzipBomb(8))) {
            Captured run = Captured.run("poll", bomb.url("/"), "-i", "100ms", "--timeout", "1s", "--max-message-size", "1KiB");

            assertEquals(3, run.exitCode(), run.err());
            assertTrue(run.err().lines().count() >= 2, run.err());
            assertTrue(run.err().lines().allMatch(l -> l.equals(
                    "rtc: a response body larger than --max-message-size (1024 bytes) from " + bomb.url("/"))), run.err());
        }
    }

    @Test
    void headersThatStallAfterTheStatusLineFailAsAConnectionFailure() throws Exception {
        try (RawServer stall = RawServer.start(Hostile.stalledHeaders(20))) {
            String stalled = "rtc: 127.0.0.1:" + stall.port() + ": the response headers did not complete within 500ms "
                    + "of their first byte (--connect-timeout)\n";
            for (String command : new String[] {"poll", "longpoll", "stream", "sse"}) {
                long start = System.nanoTime();
                Captured run = Captured.run(command, stall.url("/"), "--connect-timeout", "500ms", "--timeout", "10s");

                assertEquals(new Captured(1, "", stalled), run, command);
                assertTrue(System.nanoTime() - start < SECONDS.toNanos(5), command + " took too long");
            }
        }
    }

    @Test
    void aLongPollMayWaitForItsStatusLineLongerThanTheConnectTimeout() throws Exception {
        try (RawServer slow = RawServer.start(Hostile.slowStatusLine(800, "late"))) {
            assertEquals(new Captured(0, "late\n", ""),
                    Captured.run("longpoll", slow.url("/"), "--connect-timeout", "200ms", "-n", "1"));
        }
    }

    @Test
    void retryZeroWithAnEmptyEventPerConnectionReconnectsAtMostFourTimesASecond() throws Exception {
        try (RawServer server = RawServer.start(Hostile.retryZero())) {
            Captured run = Captured.run("sse", server.url("/"), "--timeout", "2s");

            assertEquals(3, run.exitCode(), run.err());
            assertTrue(run.err().contains("reconnecting in " + dev.rtc.sse.SseClient.MIN_SERVER_RETRY_MS + "ms (attempt 1)"), run.err());
            int connections = server.connections();
            assertTrue(connections >= 2 && connections <= 10, connections + " connections in 2s");
        }
    }
}
