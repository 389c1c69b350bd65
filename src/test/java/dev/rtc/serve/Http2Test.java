package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.Http2Error;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 with prior knowledge, frame by frame over a plain socket: many streams on one connection, each
 * refused or dropped on its own (too big, too slow, past the stream limit) while the connection's others
 * go on, and the connection itself ended by GOAWAY when it breaks the protocol or the server drains.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = SECONDS)
class Http2Test {
    private static final int MAX_MESSAGE = 1024;
    /** Larger than a stream's window and than Netty's default for a stream's buffer (64 KiB), so the test tells them apart. */
    private static final int MAX_PENDING = 256 * 1024;

    @RegisterExtension
    final ServerExtension server = ServerExtension.onDemand();

    private TestServer start() throws InterruptedException {
        return server.start(ServeConfig.loopback().withHeartbeat(java.time.Duration.ZERO).withLimits(MAX_MESSAGE, MAX_PENDING));
    }

    @Test
    void requestsOnManyStreamsOfOneConnectionAreAnsweredEach() throws Exception {
        StringWriter log = new StringWriter();
        TestServer t = server.start(ServeConfig.loopback().withLog(new PrintWriter(log, true)));
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            int publish = h2.request("POST", "/publish/news", false);
            h2.data(publish, "hello".getBytes(StandardCharsets.UTF_8), true);
            RawHttp2.Response published = h2.response(publish);
            int poll = h2.get("/poll/news");
            int health = h2.get("/healthz");
            RawHttp2.Response polled = h2.response(poll);
            RawHttp2.Response healthz = h2.response(health);

            assertEquals(201, published.status());
            assertEquals(200, polled.status());
            assertTrue(polled.body().contains("\"data\":\"hello\""), polled.body());
            assertEquals("ok\n", healthz.body());
            assertNull(healthz.headers().get("connection"), "no connection-specific header on HTTP/2: " + healthz.headers());
            assertEquals(1, t.metric("rtc_http_connections_open{protocol=\"h2\"}"));
            assertEquals(3, t.metric("rtc_http2_streams_total"));
            assertEquals(0, t.metric("rtc_http2_streams_open"));
        }
        assertTrue(log.toString().matches("(?s).*127\\.0\\.0\\.1:\\d+ \"GET /healthz\" 200 .*"), "access log names the client: " + log);
    }

    @Test
    void headAnswersWithHeadersAndNoBody() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            RawHttp2.Response head = h2.response(h2.request("HEAD", "/healthz", true));

            assertEquals(200, head.status());
            assertEquals("3", head.headers().get("content-length").toString());
            assertEquals("", head.body());
        }
    }

    @Test
    void anOversizedBodyIs413OnItsStreamWhileTheConnectionServesOthers() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            int big = h2.request("POST", "/publish/news", false);
            h2.data(big, new byte[MAX_MESSAGE + 1], false);
            RawHttp2.Response refused = h2.response(big);
            int health = h2.get("/healthz");
            RawHttp2.Response healthz = h2.response(health);

            assertEquals(413, refused.status());
            assertEquals("{\"error\":\"message larger than --max-message-size (1024 bytes)\",\"status\":413}", refused.body());
            assertEquals(200, healthz.status(), "the connection stays up for the other streams");
            assertEquals(1, t.metric("rtc_refused_total{reason=\"too_large\"}"));
        }
    }

    @Test
    void aClientStillSendingAfterItsRefusalIsToldToStopWithoutError() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            int big = h2.request("POST", "/publish/news", false);
            h2.data(big, new byte[MAX_MESSAGE + 1], false);

            assertEquals("413", h2.next(RawHttp2.HEADERS, big).headers().status().toString());
            RawHttp2.Frame reset = h2.next(RawHttp2.RST_STREAM, big);
            assertEquals(Http2Error.NO_ERROR.code(), reset.errorCode(), "RFC 9113 8.1: the request is not wanted, no error");
        }
    }

    @Test
    void aMalformedFrameGetsGoAwayAndTheServerServesTheNextConnection() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            // HEADERS on stream 0, which only connection-level frames may use (RFC 9113 6.2).
            h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, 0, new byte[] {(byte) 0x82});
            RawHttp2.Frame goAway = h2.next(RawHttp2.GOAWAY, 0);
            assertEquals(Http2Error.PROTOCOL_ERROR.code(), goAway.errorCode());
            assertTrue(h2.closedByServer());
        }
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            // A SETTINGS frame whose length is not a multiple of 6.
            h2.frame(RawHttp2.SETTINGS, 0, 0, new byte[5]);
            assertEquals(Http2Error.FRAME_SIZE_ERROR.code(), h2.next(RawHttp2.GOAWAY, 0).errorCode());
            assertTrue(h2.closedByServer());
        }
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            assertEquals(200, h2.response(h2.get("/healthz")).status());
        }
        assertEquals("ok\n", t.http.get("/healthz").body());
        assertEquals(2, t.metric("rtc_refused_total{reason=\"malformed\"}"));
    }

    @Test
    void headersPastTheLimitAre431OnThatStream() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            int big = h2.request("GET", "/healthz", true, "x-big", "a".repeat(ServeInitializer.MAX_HEADER_SIZE));
            RawHttp2.Response refused = h2.response(big);
            RawHttp2.Response healthz = h2.response(h2.get("/healthz"));

            assertEquals(431, refused.status());
            assertEquals(200, healthz.status());
        }
    }

    @Test
    void streamsPastTheLimitAreRefusedAndTheOthersServed() throws Exception {
        TestServer t = start();
        int limit = ServeInitializer.MAX_CONCURRENT_STREAMS;
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < limit; i++) held.add(h2.get("/sse/news"));
            int over = h2.get("/sse/news");

            RawHttp2.Frame refused = h2.next(RawHttp2.RST_STREAM, over);
            assertEquals(Http2Error.REFUSED_STREAM.code(), refused.errorCode());
            t.awaitSubscribers("news", "sse", limit);
            assertEquals(limit, t.metric("rtc_http2_streams_open"));
            assertEquals(1, t.metric("rtc_refused_total{reason=\"max_streams\"}"));
            t.server.publish("news", "to all".getBytes(StandardCharsets.UTF_8));
            for (int id : held) assertTrue(new String(h2.next(RawHttp2.DATA, id).payload(), StandardCharsets.UTF_8).startsWith("retry:"));
            for (int id : held) {
                String event = new String(h2.next(RawHttp2.DATA, id).payload(), StandardCharsets.UTF_8);
                assertEquals("id: 1\ndata: to all\n\n", event, "stream " + id);
            }
        }
        t.awaitSubscribers("news", "sse", 0);
        assertEquals(0, t.metric("rtc_http2_streams_open"));
        assertEquals(0, t.metric("rtc_http_connections_open{protocol=\"h2\"}"));
    }

    @Test
    void aStreamWhoseReaderStopsIsDroppedByMaxPendingWhileItsNeighbourReads() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            int slow = h2.get("/sse/news");
            h2.stall(slow);
            int reading = h2.get("/sse/news");
            // The reading stream (and the connection) get a window far beyond what the test sends, so that only
            // the stalled one waits on its window, never this one on a slow round trip of WINDOW_UPDATEs.
            h2.grant(0, 16 << 20);
            h2.grant(reading, 16 << 20);
            t.awaitSubscribers("news", "sse", 2);

            byte[] kib = new byte[1024];
            Arrays.fill(kib, (byte) 'x');
            int published = 0;
            // The stalled stream takes its window (64 KiB) and then --max-pending unsent before it is dropped.
            while (published < 4_000 && t.metric("rtc_slow_subscribers_disconnected_total") == 0) {
                for (int i = 0; i < 8; i++, published++) t.server.publish("news", kib);
            }

            assertEquals(1, t.metric("rtc_slow_subscribers_disconnected_total"), "after " + published + " publishes");
            assertTrue(published * 1024L >= MAX_PENDING, "not dropped before --max-pending was unsent: " + published + " KiB");
            assertTrue(published * 1024L <= 2 * (65_535 + MAX_PENDING), "dropped once --max-pending was unsent: " + published + " KiB");
            assertEquals(Http2Error.CANCEL.code(), h2.next(RawHttp2.RST_STREAM, slow).errorCode());
            t.awaitSubscribers("news", "sse", 1);
            long last = t.server.publish("news", "still here".getBytes(StandardCharsets.UTF_8));
            String wanted = "id: " + last + "\ndata: still here\n\n";
            for (int i = 0; i < 100_000; i++) {
                if (new String(h2.next(RawHttp2.DATA, reading).payload(), StandardCharsets.UTF_8).endsWith(wanted)) break;
            }
            assertEquals(200, h2.response(h2.get("/healthz")).status(), "the connection serves on");
        }
    }

    @Test
    void webSocketRoutesOverHttp2Answer426NamingHttp11() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            RawHttp2.Response r = h2.response(h2.get("/ws/news"));

            assertEquals(426, r.status());
            assertEquals("{\"error\":\"/ws/news is a WebSocket endpoint, and WebSocket needs HTTP/1.1: connect with ws:// over"
                    + " HTTP/1.1, not HTTP/2\",\"status\":426}", r.body());
        }
    }

    @Test
    void drainSendsGoAwayThenEndsEachHeldStream() throws Exception {
        TestServer t = start();
        try (RawHttp2 h2 = new RawHttp2(t.server)) {
            int sse = h2.get("/sse/news");
            int stream = h2.get("/stream/news");
            int longpoll = h2.get("/longpoll/news");
            t.awaitSubscribers("news", "sse", 1);
            t.awaitSubscribers("news", "stream", 1);
            t.awaitSubscribers("news", "longpoll", 1);

            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> t.server.close());

            RawHttp2.Frame goAway = h2.next();
            while (goAway.type() != RawHttp2.GOAWAY) {
                assertTrue(!goAway.endStream() && goAway.type() != RawHttp2.RST_STREAM, "GOAWAY comes before any stream ends: " + goAway);
                goAway = h2.next();
            }
            assertEquals(Http2Error.NO_ERROR.code(), goAway.errorCode());
            List<Integer> ended = new ArrayList<>();
            for (RawHttp2.Frame f; (f = h2.next()) != null; ) {
                assertTrue(f.type() != RawHttp2.RST_STREAM, "a stream ended cleanly, not reset: " + f);
                if (f.endStream()) ended.add(f.stream());
            }
            assertEquals(List.of(sse, stream, longpoll), ended.stream().sorted().toList());
            drained.get(10, SECONDS);
        }
    }

    @Test
    void aPrefaceLeftUnfinishedIsClosedAfterTheHeaderTimeout() throws Exception {
        ServeConfig config = ServeConfig.loopback();
        TestServer t = server.start(config.with(config.limits().withHeaderTimeout(java.time.Duration.ofMillis(300))));
        try (RawConnection raw = new RawConnection(t.server)) {
            long start = System.nanoTime();
            raw.write("PRI * HTTP/2.0\r\n");

            assertTrue(raw.closedByServer());
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "closed at --header-timeout, not at the idle timeout");
        }
    }

    @Test
    void http11StillAnswersOnTheSamePortAndOtherVersionsGet505() throws Exception {
        TestServer t = start();
        assertEquals("ok\n", t.http.get("/healthz").body());
        String answer = RawConnection.exchange(t.server, "GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 505 "), answer);
        assertNotNull(answer);
        assertEquals(0, t.metric("rtc_http_connections_total{protocol=\"h2\"}"));
    }
}
