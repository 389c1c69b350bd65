package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A plain socket to the server, for what no well-behaved client sends: malformed HTTP, garbage, raw
 * WebSocket frames (unmasked, reserved opcodes), and a subscriber that never reads.
 */
final class RawConnection implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 5_000;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(Server server) throws IOException {
        this(server, 0);
    }

    /** {@code receiveBuffer > 0} shrinks the socket's receive buffer, for a subscriber that lags sooner. */
    RawConnection(Server server, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(server.address().getAddress(), server.port()), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends {@code request} on a new connection; everything the server sent until it closed. */
    static String exchange(Server server, String request) throws IOException {
        try (RawConnection raw = new RawConnection(server)) {
            raw.write(request);
            return raw.readToEnd();
        }
    }

    /**
     * Upgrades {@code path} on a new connection, sends one frame (FIN set; {@code opcode} may carry reserved
     * bits), and returns the code of the server's close frame, having checked that the server then closed.
     */
    static int closeCodeAfter(Server server, String path, int opcode, byte[] payload, boolean masked) throws IOException {
        try (RawConnection raw = new RawConnection(server)) {
            raw.upgrade(path);
            raw.writeFrame(opcode, payload, masked);
            int code = raw.readUntilClose().closeCode();
            assertTrue(raw.closedByServer(), "connection closed after the close frame " + code);
            return code;
        }
    }

    void write(String ascii) throws IOException {
        write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The status line and headers, up to the blank line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed after " + head);
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** One whole response with a Content-Length body (or none): head and body. */
    String readResponse() throws IOException {
        String head = readHead();
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n").matcher(head);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(readExactly(n), StandardCharsets.UTF_8);
    }

    /**
     * What the server sent before it closed, also when the close was a reset (as it is when the peer
     * wrote after the server had closed); fails the read after the timeout.
     */
    String readUntilClosed() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            // what came before the reset is the answer
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Everything until the server closes the connection (fails the read after the timeout). */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * True when the server closes the connection within the read timeout: reads (and drops) whatever it
     * still sends until the end of the stream or a reset; false when the timeout passes first.
     */
    boolean closedByServer() throws IOException {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // what the server said before closing is not the question here
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException("wanted " + n + " bytes, connection closed after " + b.length);
        return b;
    }

    // --- WebSocket over the raw socket ---

    /** Sends the upgrade request for {@code path} and checks the 101. */
    void upgrade(String path) throws IOException {
        write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        String head = readHead();
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
    }

    /** One frame with FIN set: masked as clients must, or not when {@code masked} is false. */
    void writeFrame(int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            f.write(maskBit | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) f.write((int) ((long) payload.length >> (8 * i)) & 0xff);
        }
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            f.writeBytes(mask);
            byte[] p = payload.clone();
            for (int i = 0; i < p.length; i++) p[i] ^= mask[i % 4];
            f.writeBytes(p);
        } else {
            f.writeBytes(payload);
        }
        write(f.toByteArray());
    }

    /** A server frame: its opcode and payload (server frames are never masked). */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            assertEquals(0x8, opcode, "not a close frame");
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    Frame readFrame() throws IOException {
        byte[] h = readExactly(2);
        int opcode = h[0] & 0x0f;
        assertEquals(0, h[1] & 0x80, "a server frame must not be masked");
        long len = h[1] & 0x7f;
        if (len == 126) {
            byte[] l = readExactly(2);
            len = ((l[0] & 0xff) << 8) | (l[1] & 0xff);
        } else if (len == 127) {
            byte[] l = readExactly(8);
            len = 0;
            for (byte b : l) len = (len << 8) | (b & 0xff);
        }
        return new Frame(opcode, readExactly((int) len));
    }

    /** Reads frames until the close frame, skipping pings; the close frame. */
    Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) return f;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
