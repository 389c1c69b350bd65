package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 over a plain socket, frame by frame, for what well-behaved clients never send (frames on the wrong
 * stream, bad lengths, more streams than allowed) and for a reader that stops granting window to one
 * stream. Netty's HPACK coder encodes and decodes the header blocks; everything else is written here. A
 * reader thread queues each frame; SETTINGS and PING are acknowledged, and DATA is granted back as window
 * (to the connection always, to its stream unless {@link #stall}ed).
 */
final class RawHttp2 implements AutoCloseable {
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8, CONTINUATION = 9;
    static final int END_STREAM = 0x1, END_HEADERS = 0x4, ACK = 0x1;
    static final Duration WAIT = Duration.ofSeconds(5);

    /** A frame as read; {@code headers} decoded for HEADERS, {@code closed} for the end of the connection. */
    record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
        boolean endStream() {
            return (type == DATA || type == HEADERS) && (flags & END_STREAM) != 0;
        }

        /** The error code of a RST_STREAM or GOAWAY. */
        long errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return ((payload[at] & 0xffL) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8) | (payload[at + 3] & 0xff);
        }

        @Override
        public String toString() {
            return "frame type " + type + " flags " + flags + " stream " + stream + " " + payload.length + "B"
                    + (headers == null ? "" : " " + headers);
        }
    }

    /** A stream's answer: its status, headers, body and, when it was reset, the RST_STREAM's error code. */
    record Response(int status, Http2Headers headers, String body, Long reset) {}

    private static final Frame CLOSED = new Frame(-1, 0, 0, new byte[0], null);

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Set<Integer> stalled = ConcurrentHashMap.newKeySet();
    final Map<Integer, Long> received = new ConcurrentHashMap<>();
    /** Frames read while waiting for another stream's, in order. */
    private final java.util.ArrayDeque<Frame> stashed = new java.util.ArrayDeque<>();
    private final Thread reader;
    private int nextStream = 1;

    /** Connects and sends the preface and SETTINGS with {@code settings} (id → value). */
    RawHttp2(Server server, Map<Integer, Integer> settings) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(server.address().getAddress(), server.port()), 5_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
        write(ByteBufUtil.getBytes(preface));
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        settings.forEach((id, value) -> {
            s.write(id >> 8);
            s.write(id);
            s.writeBytes(int32(value));
        });
        frame(SETTINGS, 0, 0, s.toByteArray());
        reader = new Thread(this::read, "raw-http2-reader");
        reader.setDaemon(true);
        reader.start();
    }

    RawHttp2(Server server) throws IOException {
        this(server, Map.of());
    }

    /** From now on DATA on {@code stream} is not granted back: its window runs out, as a reader's that stopped. */
    void stall(int stream) {
        stalled.add(stream);
    }

    /** Grants {@code bytes} more window to {@code stream} (0: the connection). */
    void grant(int stream, int bytes) throws IOException {
        frame(WINDOW_UPDATE, 0, stream, int32(bytes));
    }

    /** Opens a stream with a request head; {@code end} when no body follows. Returns the stream id. */
    int request(String method, String path, boolean end, String... headerPairs) throws IOException {
        Http2Headers h = new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("127.0.0.1");
        for (int i = 0; i < headerPairs.length; i += 2) h.add(headerPairs[i], headerPairs[i + 1]);
        int id = nextStream;
        nextStream += 2;
        headers(id, h, end);
        return id;
    }

    int get(String path) throws IOException {
        return request("GET", path, true);
    }

    void headers(int stream, Http2Headers h, boolean end) throws IOException {
        ByteBuf block = Unpooled.buffer();
        try {
            encoder.encodeHeaders(stream, h, block);
        } catch (Http2Exception e) {
            throw new IOException(e);
        }
        frame(HEADERS, END_HEADERS | (end ? END_STREAM : 0), stream, ByteBufUtil.getBytes(block));
        block.release();
    }

    void data(int stream, byte[] body, boolean end) throws IOException {
        frame(DATA, end ? END_STREAM : 0, stream, body);
    }

    /** Any frame, as it is: a wrong stream, a wrong length (the length field is the payload's). */
    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        frame(type, flags, stream, payload, payload.length);
    }

    synchronized void frame(int type, int flags, int stream, byte[] payload, int length) throws IOException {
        byte[] head = {(byte) (length >> 16), (byte) (length >> 8), (byte) length, (byte) type, (byte) flags,
                (byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8), (byte) stream};
        out.write(head);
        out.write(payload);
        out.flush();
    }

    synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void read() {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        try {
            while (true) {
                byte[] head = new byte[9];
                in.readFully(head);
                int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
                int type = head[3] & 0xff, flags = head[4] & 0xff;
                int stream = ((head[5] & 0x7f) << 24) | ((head[6] & 0xff) << 16) | ((head[7] & 0xff) << 8) | (head[8] & 0xff);
                byte[] payload = new byte[length];
                in.readFully(payload);
                Http2Headers headers = null;
                if (type == HEADERS || type == CONTINUATION) {
                    block.writeBytes(payload);
                    if ((flags & END_HEADERS) == 0) continue;
                    headers = decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(block.toByteArray()));
                    block.reset();
                    type = HEADERS;
                } else if (type == SETTINGS && (flags & ACK) == 0) {
                    frame(SETTINGS, ACK, 0, new byte[0]);
                } else if (type == PING && (flags & ACK) == 0) {
                    frame(PING, ACK, 0, payload);
                } else if (type == DATA && length > 0) {
                    received.merge(stream, (long) length, Long::sum);
                    frame(WINDOW_UPDATE, 0, 0, int32(length));
                    if (!stalled.contains(stream)) frame(WINDOW_UPDATE, 0, stream, int32(length));
                }
                frames.add(new Frame(type, flags, stream, payload, headers));
            }
        } catch (IOException | Http2Exception e) {
            frames.add(CLOSED);
        }
    }

    /** The next frame (any stream) that is not SETTINGS, PING or WINDOW_UPDATE; null once the connection closed. */
    Frame next() throws InterruptedException {
        if (!stashed.isEmpty()) return stashed.poll();
        return fromWire();
    }

    private Frame fromWire() throws InterruptedException {
        while (true) {
            Frame f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) fail("no frame within " + WAIT.toMillis() + "ms; " + stashed.size() + " kept for other streams, the last "
                    + stashed.peekLast() + "; the reader " + reader.getState() + "; DATA bytes by stream " + received);
            if (f == CLOSED) {
                frames.add(CLOSED);
                return null;
            }
            if (f.type != SETTINGS && f.type != PING && f.type != WINDOW_UPDATE) return f;
        }
    }

    /** The next frame on {@code stream} (or on the connection, 0); frames of other streams are kept for later. */
    private Frame nextOn(int stream) throws InterruptedException {
        for (Frame f : stashed) {
            if (f.stream == stream) {
                stashed.remove(f);
                return f;
            }
        }
        for (int i = 0; i < 100_000; i++) {
            Frame f = fromWire();
            if (f == null || f.stream == stream) return f;
            stashed.add(f);
        }
        throw new AssertionError("no frame on stream " + stream + " among 100000");
    }

    /** The next frame of {@code type} on {@code stream}, passing over that stream's others; fails when the connection closes first. */
    Frame next(int type, int stream) throws InterruptedException {
        for (int i = 0; i < 100_000; i++) {
            Frame f = nextOn(stream);
            if (f == null) fail("connection closed before a frame of type " + type + " on stream " + stream);
            if (f.type == type) return f;
        }
        throw new AssertionError("unreachable");
    }

    /** Reads the whole answer on {@code stream}: up to its END_STREAM, or its RST_STREAM. */
    Response response(int stream) throws InterruptedException {
        Http2Headers headers = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            Frame f = nextOn(stream);
            if (f == null) fail("connection closed before stream " + stream + " ended; headers " + headers + ", body " + body);
            if (f.type == HEADERS && headers == null) headers = f.headers;
            if (f.type == DATA) body.writeBytes(f.payload);
            if (f.type == RST_STREAM) return new Response(status(headers), headers, body.toString(StandardCharsets.UTF_8), f.errorCode());
            if (f.endStream()) {
                // A client still sending its body may be told to stop without error right after.
                return new Response(status(headers), headers, body.toString(StandardCharsets.UTF_8), null);
            }
        }
        throw new AssertionError("unreachable");
    }

    private static int status(Http2Headers h) {
        return h == null || h.status() == null ? -1 : Integer.parseInt(h.status().toString());
    }

    /** Whether the server closed the connection within the wait, passing over whatever frames came first. */
    boolean closedByServer() throws InterruptedException {
        for (int i = 0; i < 100_000; i++) {
            Frame f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) return false;
            if (f == CLOSED) {
                frames.add(CLOSED);
                return true;
            }
        }
        return false;
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
