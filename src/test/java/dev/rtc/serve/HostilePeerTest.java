package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Peers that mean harm at the HTTP level: slow heads and bodies, broken chunking, pipelining. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 15, unit = SECONDS)
class HostilePeerTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(500);
    /** How long a slow client keeps dripping before the test gives up on the server cutting it. */
    private static final int MAX_DRIPS = 50;

    @RegisterExtension
    final ServerExtension server = ServerExtension.onDemand();
    private TestServer t;


    private void start() throws Exception {
        ServeConfig config = ServeConfig.loopback();
        t = server.start(config.with(config.limits().withHeaderTimeout(HEADER_TIMEOUT)));
    }

    /**
     * Sends one byte of {@code drip} every 100 ms (a slow client, bounded) until the server answers; then
     * everything it sent before closing.
     */
    private static String dripUntilAnswered(RawConnection raw, String drip) throws IOException, InterruptedException {
        for (int i = 0; i < MAX_DRIPS && raw.socket.getInputStream().available() == 0; i++) {
            try {
                raw.write(drip.substring(i % drip.length(), i % drip.length() + 1));
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(100);
        }
        return raw.readUntilClosed();
    }

    @Test
    void aHeadDrippingInSlowerThanTheHeaderTimeoutIs408AndClosed() throws Exception {
        start();
        try (RawConnection raw = new RawConnection(t.server)) {
            long started = System.nanoTime();
            raw.write("GET /healthz HTTP/1.1\r\n");

            String response = dripUntilAnswered(raw, "X-Slow: abcdefghij\r\n");

            assertTrue(response.startsWith("HTTP/1.1 408 Request Timeout\r\n"), response);
            assertTrue(response.endsWith(
                    "{\"error\":\"request head not complete within 500ms (--header-timeout)\",\"status\":408}"), response);
            assertTrue(System.nanoTime() - started < SECONDS.toNanos(3), "cut near the deadline, not at the idle timeout");
        }
        assertEquals(1, t.metric("rtc_refused_total{reason=\"header_timeout\"}"));
        assertEquals("ok\n", t.http.get("/healthz").body());
    }

    @Test
    void aBodyThatStallsIs408AndNothingIsPublished() throws Exception {
        start();
        String response = RawConnection.exchange(t.server, "POST /publish/news HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

        assertTrue(response.startsWith("HTTP/1.1 408 Request Timeout\r\n"), response);
        assertTrue(response.endsWith("{\"error\":\"request body stalled for 500ms (--header-timeout)\",\"status\":408}"), response);
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":0}", t.http.get("/poll/news?since=0").body());
    }

    @Test
    void aRequestInTimeIsNotCutWhateverItsPaceBetweenRequests() throws Exception {
        start();
        try (RawConnection raw = new RawConnection(t.server)) {
            for (int i = 0; i < 3; i++) {
                raw.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(raw.readResponse().endsWith("\r\n\r\nok\n"));
            }
        }
    }

    @Test
    void aBrokenChunkSizeAfterAGoodChunkIs400NothingPublishedAndClosed() throws Exception {
        start();
        for (String bad : new String[] {"zz", "-5", "FFFFFFFFFFFFFFFF"}) {
            String response = RawConnection.exchange(t.server, "POST /publish/news HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n" + bad + "\r\nworld\r\n0\r\n\r\n");

            assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), bad + ": " + response);
            assertTrue(response.endsWith("{\"error\":\"malformed request body\",\"status\":400}"), bad + ": " + response);
        }
        assertEquals("{\"topic\":\"news\",\"messages\":[],\"last_id\":0}", t.http.get("/poll/news?since=0").body());
    }

    @Test
    void pipelinedResponsesLeaveInRequestOrder() throws Exception {
        start();
        try (RawConnection raw = new RawConnection(t.server)) {
            raw.write("GET /longpoll/news?since=0&timeout=300ms HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /poll/news HTTP/1.1\r\nHost: x\r\n\r\n");

            String first = raw.readResponse();
            String second = raw.readResponse();
            String third = raw.readResponse();

            assertTrue(first.startsWith("HTTP/1.1 204 No Content\r\n"), first);
            assertTrue(second.startsWith("HTTP/1.1 200 OK\r\n") && second.endsWith("\r\n\r\nok\n"), second);
            assertTrue(third.endsWith("\r\n\r\n{\"topic\":\"news\",\"messages\":[],\"last_id\":0}"), third);
        }
    }

    @Test
    void aPipelinedRequestBehindALongPollIsAnsweredAfterTheMessageThatEndsIt() throws Exception {
        start();
        try (RawConnection raw = new RawConnection(t.server)) {
            raw.write("GET /longpoll/news?since=0 HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            t.awaitSubscribers("news", "longpoll", 1);
            t.server.publish("news", "first".getBytes(java.nio.charset.StandardCharsets.UTF_8));

            String first = raw.readResponse();
            String second = raw.readResponse();

            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n") && first.contains("\"data\":\"first\""), first);
            assertTrue(second.endsWith("\r\n\r\nok\n"), second);
        }
    }

    @Test
    void anHttpVersionOtherThanOneIs505() throws Exception {
        start();
        String response = RawConnection.exchange(t.server, "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n");

        assertTrue(response.startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n"), response);
        assertTrue(response.endsWith("{\"error\":\"HTTP/9.9 is not supported: use HTTP/1.1\",\"status\":505}"), response);
    }
}
