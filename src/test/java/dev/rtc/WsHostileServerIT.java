package dev.rtc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cli/rtc ws} with a small heap ({@code -Xmx128m}) against servers that try to make it run out of
 * memory: a message whose continuation frames never end (64 KiB each, or empty), and pings sent as fast
 * as the socket takes them to a client whose pongs are never read. Each run ends with exit 1 and one line,
 * never an OutOfMemoryError.
 */
@Timeout(value = 120, unit = SECONDS)
class WsHostileServerIT {
    private static final Path RTC = Launcher.RTC;
    /** The longest a hostile server keeps writing; the client must be gone well before. */
    private static final long SERVER_MS = 45_000;
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) p.destroyForcibly().waitFor();
        for (AutoCloseable s : servers) s.close();
    }

    /** What a hostile server writes after its 101, for as long as the client reads it. */
    @FunctionalInterface
    private interface Flood {
        void write(OutputStream out) throws IOException;
    }

    /** A one-connection WebSocket server on loopback that answers the handshake, then floods; its port. */
    private int hostile(Flood flood) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        servers.add(listener);
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                servers.add(s);
                handshake(s);
                flood.write(s.getOutputStream());
            } catch (IOException e) {
                // the client went away: what the flood is for
            }
        }, "hostile-server");
        t.setDaemon(true);
        t.start();
        return listener.getLocalPort();
    }

    private static void handshake(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("no request");
            head.append((char) b);
        }
        Matcher m = KEY.matcher(head);
        if (!m.find()) throw new IOException("no key");
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(ISO_8859_1));
    }

    /** Writes {@code chunk} again and again until the client stops reading or {@link #SERVER_MS} passes. */
    private static void repeat(OutputStream out, byte[] chunk) throws IOException {
        long deadline = System.currentTimeMillis() + SERVER_MS;
        while (System.currentTimeMillis() < deadline) out.write(chunk);
    }

    /** A frame header: FIN off, {@code opcode}, unmasked, {@code length} in the 8-byte form. */
    private static byte[] header(int opcode, long length) {
        byte[] h = new byte[10];
        h[0] = (byte) opcode;
        h[1] = 127;
        for (int i = 0; i < 8; i++) h[9 - i] = (byte) (length >>> (8 * i));
        return h;
    }

    private Process rtcWs(String url, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(RTC.toString(), "ws", url));
        command.addAll(List.of(more));
        ProcessBuilder b = new ProcessBuilder(command);
        // An OutOfMemoryError anywhere (a thread of the library's, say) ends the JVM and says so, rather than
        // leave a crippled client to be ended by a watchdog.
        b.environment().put("RTC_JAVA_OPTS", "-Xmx128m -XX:+ExitOnOutOfMemoryError");
        b.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = b.start();
        started.add(p); // stdin stays open: the run is not ended by stdin ending
        return p;
    }

    /** The client's stderr once it exited (within 45s): exactly one line, exit 1. */
    private static String oneLineExit1(Process p) throws Exception {
        assertTrue(p.waitFor(45, TimeUnit.SECONDS), "rtc ws still running after 45s of a hostile server");
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        assertFalse(err.contains("OutOfMemoryError"), err);
        assertFalse(p.exitValue() == 3 && err.contains("Terminating due to"), err);
        assertEquals(1, p.exitValue(), err);
        assertEquals(1, err.lines().count(), "one line on stderr: " + err);
        return err.strip();
    }

    @Test
    void endlessContinuationFramesOf64KiBCloseWith1009() throws Exception {
        int port = hostile(out -> {
            byte[] payload = new byte[64 * 1024];
            Arrays.fill(payload, (byte) 'a');
            out.write(header(0x1, payload.length)); // a text message begins, FIN off
            out.write(payload);
            byte[] continuation = new byte[10 + payload.length];
            System.arraycopy(header(0x0, payload.length), 0, continuation, 0, 10);
            System.arraycopy(payload, 0, continuation, 10, payload.length);
            repeat(out, continuation);
        });

        String line = oneLineExit1(rtcWs("ws://127.0.0.1:" + port + "/"));

        assertEquals("rtc: closed with 1009: a message from 127.0.0.1:" + port
                + " was larger than --max-message-size (1048576 bytes)", line);
    }

    @Test
    void endlessEmptyContinuationFramesCloseWith1009() throws Exception {
        int port = hostile(out -> {
            out.write(new byte[] {0x1, 0}); // an empty text frame, FIN off
            repeat(out, new byte[64 * 1024]); // 0x00 0x00: empty continuations, FIN off, for ever
        });

        String line = oneLineExit1(rtcWs("ws://127.0.0.1:" + port + "/"));

        assertEquals("rtc: closed with 1009: a message from 127.0.0.1:" + port + " came in more than 65536 fragments", line);
    }

    @Test
    void aPingFloodFromAServerThatNeverReadsLeavesAtMostOnePongPending() throws Exception {
        int port = hostile(out -> {
            byte[] pings = new byte[64 * 1024];
            for (int i = 0; i < pings.length; i += 2) pings[i] = (byte) 0x89; // ping, FIN on, empty
            repeat(out, pings);
        });

        // The server never reads, so never answers rtc's own pings: that ends the run after 24s of the flood (the
        // first ping at 8s, then two intervals), long enough for queued pongs to exhaust a 128 MiB heap.
        String line = oneLineExit1(rtcWs("ws://127.0.0.1:" + port + "/", "--ping-interval", "8s"));

        assertEquals("rtc: no pong from 127.0.0.1:" + port + " within 16s", line);
    }
}
