package dev.rtc.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.client.Received;
import dev.rtc.client.Traffic;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.ServerExtension;
import dev.rtc.serve.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WsClient} driven from code, as {@code rtc compare} drives it, against a loopback {@code rtc serve}. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class WsClientTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer served;

    @BeforeEach
    void start() {
        served = server.get();
    }


    private Handshake handshake(String path) {
        URI uri = URI.create("ws" + served.server.url().substring("http".length()) + path);
        return Handshake.plain(uri, Duration.ofSeconds(5));
    }

    /** Every call of the listener, in order, as a line; messages also kept whole. */
    private static final class Recorder implements WsClient.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

        @Override
        public void opened(String description, Map<String, ?> fields) {
            events.add("opened " + fields);
        }

        @Override
        public void message(Received m) {
            // The bytes are valid only during the call: keep a copy.
            messages.add(new Received(m.bytes(), 0, m.length(), m.binary(), m.receivedNanos(), m.wireBytes(), m.fields()));
            events.add("message");
        }

        @Override
        public void closed(int code, String reason, boolean remote) {
            events.add("closed " + code + " " + reason + (remote ? " by the server" : " by us"));
        }

        @Override
        public void reconnecting(int attempt, long delayMs) {
            events.add("reconnecting " + attempt);
        }

        @Override
        public void problem(String message) {
            events.add("problem " + message);
        }

        String next() throws InterruptedException {
            String e = events.poll(5, SECONDS);
            assertNotNull(e, "no event within 5s");
            return e;
        }

        Received nextMessage() throws InterruptedException {
            Received m = messages.poll(5, SECONDS);
            assertNotNull(m, "no message within 5s");
            return m;
        }
    }

    /** {@code client.run()} on a thread of its own. */
    private static CompletableFuture<Void> running(WsClient client) {
        return CompletableFuture.runAsync(() -> {
            try {
                client.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void reportsEachMessageWithItsReceiveTimeAndWireBytesAndCountsTraffic() throws Exception {
        Recorder recorder = new Recorder();
        WsClient client = new WsClient(WsClient.Settings.of(handshake("/ws/news")), recorder);
        CompletableFuture<Void> run = running(client);
        assertEquals("opened {url=" + handshake("/ws/news").uri() + "}", recorder.next());
        served.awaitSubscribers("news", "ws", 1);

        long before = System.nanoTime();
        served.server.publish("news", "hello".getBytes(UTF_8));
        served.server.publish("news", new byte[] {(byte) 0xff, 0, 1});
        served.server.publish("news", "x".repeat(300).getBytes(UTF_8));

        Received text = recorder.nextMessage();
        assertEquals("hello", text.text());
        assertFalse(text.binary());
        assertEquals(2 + 5, text.wireBytes(), "a 2-byte frame header and the payload");
        assertTrue(text.receivedNanos() >= before && text.receivedNanos() <= System.nanoTime());
        Received binary = recorder.nextMessage();
        assertTrue(binary.binary());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, 1}, binary.bytes());
        assertEquals(2 + 3, binary.wireBytes());
        assertEquals(2 + 2 + 300, recorder.nextMessage().wireBytes(), "a payload over 125 bytes takes 2 more for its length");

        // Sent from code: published to the topic, and back to this subscriber.
        assertTrue(client.send("from code"));
        assertEquals("from code", recorder.nextMessage().text());
        assertTrue(served.http.get("/poll/news").body().contains("\"data\":\"from code\""));

        client.close();
        run.get(5, SECONDS);
        Traffic t = client.traffic();
        assertEquals(1, t.requests());
        assertEquals(1, t.connections());
        assertEquals(0, t.reconnections());
        assertEquals(4, t.messages());
        assertTrue(t.bytesReceived() >= 7 + 5 + 302 + 11, t.toString());
        assertTrue(t.bytesSent() >= 2 + 4 + 9, t.toString());
        for (int i = 0; i < 4; i++) assertEquals("message", recorder.next());
        assertEquals("closed 1000  by us", recorder.next());
    }

    @Test
    void binaryFromCodeComesBackBinaryFromEcho() throws Exception {
        Recorder recorder = new Recorder();
        WsClient client = new WsClient(WsClient.Settings.of(handshake("/echo")), recorder);
        CompletableFuture<Void> run = running(client);

        assertTrue(client.send(new byte[] {1, 2, 3}));
        Received echoed = recorder.nextMessage();
        assertTrue(echoed.binary());
        assertArrayEquals(new byte[] {1, 2, 3}, echoed.bytes());

        client.close();
        run.get(5, SECONDS);
        assertFalse(client.send("after the end"), "a send after the run ended says it was not sent");
    }

    @Test
    void reconnectsAfterTheServerDrainsAndReportsTheCloseAndTheRetry() throws Exception {
        Recorder recorder = new Recorder();
        Handshake hs = handshake("/ws/again");
        WsClient client = new WsClient(new WsClient.Settings(hs, List.of("hi"), true, null, WsClient.MAX_MESSAGE_SIZE), recorder);
        CompletableFuture<Void> run = running(client);
        assertEquals("opened {url=" + hs.uri() + "}", recorder.next());
        assertEquals("message", recorder.next()); // its own -x, published and delivered back
        int port = served.server.port();

        served.server.drain();
        assertEquals("closed 1001 server shutting down by the server", recorder.next());
        assertEquals("reconnecting 1", recorder.next());
        served.close();
        served = server.start(dev.rtc.serve.ServeConfig.loopback().withPort(port));
        String next = recorder.next();
        while (next.startsWith("problem") || next.startsWith("reconnecting")) next = recorder.next();
        assertEquals("opened {url=" + hs.uri() + "}", next);

        client.close();
        run.get(5, SECONDS);
        assertTrue(client.traffic().reconnections() >= 1);
        assertTrue(client.traffic().connections() == 2);
    }
}
