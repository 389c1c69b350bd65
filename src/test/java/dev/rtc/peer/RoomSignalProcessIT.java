package dev.rtc.peer;

import dev.rtc.Launcher;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.http.SelfSignedCertificate;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cli/rtc peer --signal} as a user runs it, on loopback, for the ways of not meeting: a relay that is
 * not there, and a wss:// relay whose certificate and room key the options must supply.
 */
@Timeout(value = 60, unit = SECONDS)
class RoomSignalProcessIT {
    private static final Path RTC = Launcher.RTC;

    @TempDir
    Path dir;

    private WebSocketServer relay;
    private Path certificate;

    @AfterEach
    void stopRelay() throws InterruptedException {
        if (relay != null) relay.stop(1000);
    }

    private record Run(int exit, String stderr) {}

    private static Run peer(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RTC.toString(), "peer"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(40, SECONDS), "rtc peer still running");
        return new Run(p.exitValue(), err);
    }

    @Test
    void aRelayThatIsNotThereIsExitOneWithOneLine() throws Exception {
        assertEquals(new Run(1, "rtc: cannot join the signalling room ws://127.0.0.1:1/signal/x: cannot connect to 127.0.0.1:1: "
                + "connection refused\n"), peer("--signal", "ws://127.0.0.1:1/signal/x"));
    }

    @Test
    void aWssRelayIsJoinedWithCacertAndAHeaderAndRefusedWithoutThem() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        startTlsRelay(seen);
        String url = "wss://127.0.0.1:" + relay.getPort() + "/signal/x";

        assertEquals(new Run(1, "rtc: cannot join the signalling room " + url + ": TLS handshake with 127.0.0.1:" + relay.getPort()
                + " failed: certificate not trusted (use --cacert FILE, or -k to skip the check)\n"), peer("--signal", url));

        Run joined = peer("--signal", url, "--cacert", certificate.toString(), "-H", "X-Room-Key: k1");
        assertEquals("X-Room-Key: k1", seen.poll(5, SECONDS));
        String hello = seen.poll(5, SECONDS);
        assertTrue(hello != null && hello.startsWith("{\"type\":\"hello\",\"id\":"), hello);
        assertEquals(new Run(1, "rtc: the signalling relay closed the room (1000)\n"), joined);
    }

    /** A wss:// relay with a self-signed certificate that notes each member's X-Room-Key and first message, then closes. */
    private void startTlsRelay(BlockingQueue<String> seen) throws Exception {
        SelfSignedCertificate tls = SelfSignedCertificate.in(dir);
        certificate = tls.pem();
        CountDownLatch started = new CountDownLatch(1);
        relay = new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
            @Override
            public void onOpen(WebSocket conn, ClientHandshake handshake) {
                seen.add("X-Room-Key: " + handshake.getFieldValue("X-Room-Key"));
            }

            @Override
            public void onMessage(WebSocket conn, String message) {
                seen.add(message);
                conn.close(1000, "");
            }

            @Override
            public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

            @Override
            public void onError(WebSocket conn, Exception ex) {}

            @Override
            public void onStart() {
                started.countDown();
            }
        };
        relay.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(tls.serverContext()));
        relay.setDaemon(true);
        relay.start();
        assertTrue(started.await(10, SECONDS), "the relay did not start");
    }
}
