package dev.rtc.peer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.cli.RtcException;
import dev.rtc.serve.LeakCheck;
import dev.rtc.serve.ServerExtension;
import dev.rtc.serve.TestServer;
import dev.rtc.websocket.Handshake;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rtc peer's side of the signalling room, in-process against {@code rtc serve}: joining, and each way of
 * not getting in. No native library: nothing here reaches the point of offering.
 */
@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class RoomSignalTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    @RegisterExtension
    final ServerExtension server = ServerExtension.started();
    private TestServer served;

    @BeforeEach
    void start() {
        served = server.get();
    }


    private URI ws(String path) {
        return URI.create("ws" + served.server.url().substring("http".length()) + path);
    }

    private String hostPort() {
        return "127.0.0.1:" + served.server.port();
    }

    /** What {@code rtc peer --signal URI --connect-timeout T} asks for. */
    private static Handshake handshake(URI uri, Duration connectTimeout) {
        return Handshake.plain(uri, connectTimeout);
    }

    private static String joinFails(URI uri, Duration connectTimeout) {
        RoomSignal signal = new RoomSignal(handshake(uri, connectTimeout));
        return assertThrows(RtcException.class, () -> signal.join(null)).getMessage();
    }

    @Test
    void aRelayThatIsNotThereIsConnectionRefused() {
        assertEquals("cannot join the signalling room ws://127.0.0.1:1/signal/x: cannot connect to 127.0.0.1:1: connection refused",
                joinFails(URI.create("ws://127.0.0.1:1/signal/x"), CONNECT));
    }

    @Test
    void aRouteThatIsNotARoomIsTheRefusedHandshakeAndWhereRoomsAre() {
        assertEquals("cannot join the signalling room " + ws("/signals/x") + ": handshake with " + hostPort()
                + " refused: HTTP/1.1 404 Not Found (rtc serve's rooms are at /signal/ROOM)", joinFails(ws("/signals/x"), CONNECT));
    }

    @Test
    void anEchoIsNotTakenForARelay() throws Exception {
        RoomSignal signal = new RoomSignal(handshake(ws("/echo"), CONNECT));
        try {
            signal.join(null);
            ExecutionException e = assertThrows(ExecutionException.class, () -> signal.failed().get(5, SECONDS));
            assertEquals(ws("/echo") + " sends back what it is sent: it is not a signalling relay (rtc serve's rooms are at /signal/ROOM)",
                    e.getCause().getMessage());
        } finally {
            signal.close();
        }
    }

    @Test
    void aRelayThatNeverAnswersTheHandshakeIsGivenUpAfterConnectTimeout() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            String message = joinFails(URI.create("ws://127.0.0.1:" + mute.getLocalPort() + "/signal/x"), Duration.ofMillis(300));
            long ms = (System.nanoTime() - started) / 1_000_000;

            assertEquals("cannot join the signalling room ws://127.0.0.1:" + mute.getLocalPort() + "/signal/x: cannot connect to 127.0.0.1:"
                    + mute.getLocalPort() + ": no WebSocket handshake within 300ms", message);
            assertTrue(ms >= 300 && ms < 3_000, "gave up after " + ms + "ms");
        }
    }

    @Test
    void aJoiningPeerSaysHelloToTheRoomAndARelayGoingAwayEndsTheMeeting() throws Exception {
        Member other = Member.join(ws("/signal/room"));
        try {
            RoomSignal signal = new RoomSignal(handshake(ws("/signal/room"), CONNECT));
            try {
                signal.join(null);
                String hello = other.next();
                assertTrue(hello.matches("\\{\"type\":\"hello\",\"id\":\"[0-9a-f-]{36}\",\"credit\":true}"), hello);
                assertFalse(signal.failed().isDone());

                served.server.drain();

                ExecutionException e = assertThrows(ExecutionException.class, () -> signal.failed().get(5, SECONDS));
                assertEquals("the signalling relay closed the room (1001)", e.getCause().getMessage());
            } finally {
                signal.close();
            }
        } finally {
            other.closeBlocking();
        }
    }

    @Test
    void leavingTheRoomIsNotReportedAsTheRelayFailing() throws Exception {
        RoomSignal signal = new RoomSignal(handshake(ws("/signal/quiet"), CONNECT));
        signal.join(null);

        signal.close();

        Thread.sleep(200); // a close reported late would complete it now
        assertFalse(signal.failed().isDone(), () -> "failed: " + signal.failed());
    }

    /** Another member of a room: a plain Java-WebSocket client recording what the relay passes it. */
    private static final class Member extends WebSocketClient {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        private Member(URI uri) {
            super(uri);
            setDaemon(true);
        }

        static Member join(URI uri) throws InterruptedException {
            Member m = new Member(uri);
            if (!m.connectBlocking(5, SECONDS)) fail("the test's member could not join " + uri);
            return m;
        }

        String next() throws InterruptedException {
            String s = received.poll(5, SECONDS);
            if (s == null) fail("nothing reached the other member within 5s");
            return s;
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String message) {
            received.add(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {}

        @Override
        public void onError(Exception ex) {}
    }
}
