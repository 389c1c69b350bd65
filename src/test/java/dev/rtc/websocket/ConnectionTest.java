package dev.rtc.websocket;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One connection against servers written here, byte by byte: one that floods pings and never reads, one that records each frame. */
@Timeout(value = 30, unit = SECONDS)
class ConnectionTest {
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    /** What the server sends at most: far more pongs than the socket buffers of both sides can hold (6 bytes each). */
    private static final long PINGS = 1_500_000;
    /** How many the client must have answered (or not) before the test ends: the queue is checked all along. */
    private static final long ENOUGH = 200_000;

    @Test
    void aPingFloodFromAServerThatNeverReadsLeavesAtMostOnePongWaiting() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(4096); // what the client writes finds no room on this side
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread server = new Thread(() -> flood(listener), "ping-flood");
            server.setDaemon(true);
            server.start();

            AtomicLong frames = new AtomicLong();
            URI uri = URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/");
            Handshake hs = Handshake.plain(uri, Duration.ofSeconds(5));
            Connection c = new Connection(new Connection.Owner() {
                @Override
                public void received(String text, long wireBytes, long nanos) {}

                @Override
                public void frameBytes(long wireBytes) {
                    frames.incrementAndGet();
                }

                @Override
                public void closed(Connection c, Connection.Ending end) {}
            }, hs, WsClient.MAX_MESSAGE_SIZE);
            assertNull(c.attempt());
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (frames.get() < ENOUGH && System.nanoTime() < deadline) {
                    assertTrue(c.queued() <= 1, "frames waiting to be written after " + frames.get() + " pings: " + c.queued());
                    Thread.sleep(5);
                }
                assertTrue(frames.get() >= ENOUGH, "only " + frames.get() + " pings arrived within 20s");
                assertTrue(c.queued() <= 1, "frames waiting to be written: " + c.queued());
            } finally {
                c.closeConnection(1006, "");
                server.interrupt();
            }
        }
    }

    /**
     * A message sent and a close started at once, from the library's reader thread (as a stop condition met by
     * a message does): the library would stop reading there and interrupt its writer, which dropped what was
     * still queued. The peer must get the message, then the close frame, every time.
     */
    @Test
    void aMessageSentJustBeforeTheCloseReachesThePeerAndSoDoesTheClose() throws Exception {
        for (int run = 1; run <= 50; run++) {
            try (ServerSocket listener = new ServerSocket()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> record(listener));
                URI uri = URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/");
                Connection[] self = new Connection[1];
                Connection c = new Connection(new Connection.Owner() {
                    @Override
                    public void received(String text, long wireBytes, long nanos) {
                        self[0].send("last words");
                        self[0].close(1000, "");
                    }

                    @Override
                    public void closed(Connection c, Connection.Ending end) {}
                }, Handshake.plain(uri, Duration.ofSeconds(5)), WsClient.MAX_MESSAGE_SIZE);
                self[0] = c;
                assertNull(c.attempt());
                c.awaitClosed();

                assertEquals(List.of("text last words", "close 1000"), seen.get(10, SECONDS), "run " + run);
            }
        }
    }

    /** Answers the handshake, sends one text message, then records the client's frames until it closes. */
    private static List<String> record(ServerSocket listener) {
        List<String> frames = new ArrayList<>();
        try (Socket s = listener.accept()) {
            InputStream in = s.getInputStream();
            if (!answerHandshake(s)) return frames;
            s.getOutputStream().write(new byte[] {(byte) 0x81, 2, 'g', 'o'});
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) return frames;
                int length = b1 & 0x7F; // the messages here are short
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes(length);
                for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
                if ((b0 & 0x0F) == 0x8) {
                    frames.add("close " + (payload.length >= 2 ? ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) : "(no code)"));
                    s.getOutputStream().write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
                    return frames;
                }
                frames.add(((b0 & 0x0F) == 0x1 ? "text " : "opcode " + (b0 & 0x0F) + " ") + new String(payload, ISO_8859_1));
            }
        } catch (IOException e) {
            frames.add("error " + e.getMessage());
            return frames;
        }
    }

    /** Reads the request head and answers 101 with its accept key; false when the client went away first. */
    private static boolean answerHandshake(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) return false;
            head.append((char) b);
        }
        Matcher m = KEY.matcher(head);
        if (!m.find()) return false;
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(ISO_8859_1));
        return true;
    }

    /** Answers the handshake, then writes pings (2 bytes each) and never reads. */
    private static void flood(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            if (!answerHandshake(s)) return;
            byte[] pings = new byte[64 * 1024];
            for (int i = 0; i < pings.length; i += 2) pings[i] = (byte) 0x89;
            for (long sent = 0; sent < 2 * PINGS && !Thread.currentThread().isInterrupted(); sent += pings.length / 2) {
                s.getOutputStream().write(pings);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
