package dev.rtc.serve;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGINT/SIGTERM's drain, called directly: every held connection ends politely, then the server stops. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 15, unit = SECONDS)
class DrainTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer t;

    @BeforeEach
    void start() {
        t = server.get();
    }


    @Test
    void drainClosesWebSocketsWith1001EndsStreamsAndAnswersLongPolls204() throws Exception {
        Http http = t.http;
        WsRecorder ws = http.ws("/ws/news");
        WsRecorder echo = http.ws("/echo");
        StreamRecorder sse = http.stream("/sse/news");
        StreamRecorder stream = http.stream("/stream/news");
        CompletableFuture<HttpResponse<String>> longpoll = http.client.sendAsync(
                http.request("/longpoll/news").GET().build(), HttpResponse.BodyHandlers.ofString());
        sse.expect("retry: 2000", "");
        for (String technique : new String[] {"longpoll", "stream", "sse", "ws"}) t.awaitSubscribers("news", technique, 1);

        long start = System.nanoTime();
        t.server.drain();
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        ws.expect("close 1001 server shutting down");
        echo.expect("close 1001 server shutting down");
        sse.expect(StreamRecorder.END);
        stream.expect(StreamRecorder.END);
        HttpResponse<String> answered = longpoll.get(5, SECONDS);
        assertEquals(204, answered.statusCode());
        assertEquals("", answered.body());
        assertTrue(tookMs < Server.DRAIN_GRACE.toMillis(), "every client left at once; drain took " + tookMs + "ms");
    }

    @Test
    void afterDrainTheServerNoLongerAccepts() throws Exception {
        int port = t.server.port();

        t.server.drain();

        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress("127.0.0.1", port), 1_000));
        }
    }
}
