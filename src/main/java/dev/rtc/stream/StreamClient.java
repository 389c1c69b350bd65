package dev.rtc.stream;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.http.Fetched;
import dev.rtc.http.HttpSession;
import dev.rtc.http.SessionClient;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Streaming as a library: one response body read as it arrives, cut into messages (lines, or reads as
 * they return) and handed to the listener as soon as each is complete; with {@link Settings#reconnect},
 * requested again after {@link Backoff#standard()} when it ends or breaks. Memory stays bounded: at most
 * one read and one unfinished line ({@link Settings#maxLine}) are held. Each message's wire bytes are its
 * bytes in the body, line end included (chunked framing and the response head are counted in
 * {@link #traffic()} only).
 */
public final class StreamClient extends SessionClient {
    /** One okio segment: the most a single read returns, so the size of the largest {@code --chunks} message. */
    static final int READ_SIZE = 8192;
    private static final int WINDOW_SIZE = 64 * 1024;
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * @param chunks    a message is each read as it returns, instead of a line
     * @param lineEnds  a line's {@code \n} or {@code \r\n} stays part of its message
     * @param binary    every message is marked binary, even when it is UTF-8
     * @param maxLine   the longest line held; a longer one fails the run
     * @param reconnect request the URL again when the stream ends or breaks
     */
    public record Settings(boolean chunks, boolean lineEnds, boolean binary, int maxLine, boolean reconnect) {
        /** Lines, without their ends, up to 1 MiB, no reconnection: rtc stream's defaults. */
        public static Settings lines() {
            return new Settings(false, false, false, 1 << 20, false);
        }
    }

    private final boolean chunks;
    private final boolean lineEnds;
    private final boolean binary;
    private final int maxLine;
    private final boolean reconnect;
    private final Backoff backoff = Backoff.standard();
    private boolean answered;
    private long bodyBytes;
    /** The bytes read and not yet handed on, from the start of the window; it grows for a long line, up to {@code maxLine}. */
    private byte[] window = new byte[WINDOW_SIZE];

    private StreamClient(HttpSession session, Settings settings, ClientListener listener) {
        super(session, listener);
        this.chunks = settings.chunks();
        this.lineEnds = settings.lineEnds();
        this.binary = settings.binary();
        this.maxLine = settings.maxLine();
        this.reconnect = settings.reconnect();
    }

    /** A stream client for {@code session}'s request. */
    public static StreamClient create(HttpSession session, Settings settings, ClientListener listener) {
        return new StreamClient(session, settings, listener);
    }

    /**
     * Reads until the body ends (without {@code reconnect}), {@link #close}, or a failure: a status other
     * than 2xx, or one that cannot connect, before the stream ever answered.
     */
    @Override
    public void run() throws InterruptedException {
        HttpUrl url = session.url();
        Request request = session.request(url).build();
        if (request.header("Accept-Encoding") == null) {
            // OkHttp would ask for gzip, and compressing servers and proxies tend to hold a stream back
            // until a block fills: ask for the bytes as they are, as curl does.
            request = request.newBuilder().header("Accept-Encoding", "identity").build();
        }
        while (true) {
            try (Response response = session.execute(request)) {
                if (response.isSuccessful()) {
                    answered = true;
                    read(response, url);
                } else {
                    String problem = session.error(response);
                    // A 5xx after the stream once worked is a server restarting behind a proxy: worth another try.
                    if (!reconnect || !answered || response.code() < 500) throw new RtcException(problem);
                    listener.problem(problem);
                }
            } catch (IOException e) {
                if (closed()) return;
                String problem = HttpSession.describe(e, url);
                if (!reconnect || !answered) throw new RtcException(ExitCodes.FAILURE, problem, e);
                listener.problem(problem);
            }
            if (!reconnect || closed()) return;
            int attempt = backoff.attempt();
            if (reconnectAfter(attempt, backoff.nextDelayMs())) return;
        }
    }

    /** Hands on one 2xx response's messages until its body ends. */
    private void read(Response response, HttpUrl url) throws IOException {
        listener.opened(null, Map.of("status", response.code()));
        bodyBytes = 0;
        body(response.body().source(), url);
        if (closed()) return; // closed while the last bytes were handed on: nothing ended by itself
        if (bodyBytes == 0) {
            String status = "HTTP " + Fetched.statusLine(response.code(), response.message());
            listener.warning(response.code() == 204 ? status + " from " + url : status + " with an empty body from " + url);
        }
        listener.closed(null, null);
    }

    /**
     * Reads the body into {@link #window} and hands each message on straight from there, then
     * {@link ClientListener#flush} before each read that may wait for the network.
     */
    private void body(BufferedSource source, HttpUrl url) throws IOException {
        int start = 0; // the first byte not printed yet
        int end = 0; // the end of the bytes read
        int scanned = 0; // window[start, scanned) holds no '\n'
        try {
            while (true) {
                if (source.getBuffer().size() == 0) listener.flush();
                if (end == window.length) {
                    if (start > 0) { // the unfinished line to the front
                        System.arraycopy(window, start, window, 0, end - start);
                        end -= start;
                        scanned -= start;
                        start = 0;
                    } else { // a line longer than the window, and not yet too long: room for more
                        window = Arrays.copyOf(window, (int) Math.min(window.length * 2L, maxLine + 2L));
                    }
                }
                int n = source.read(window, end, chunks ? Math.min(READ_SIZE, window.length - end) : window.length - end);
                if (n == -1) break;
                bodyBytes += n;
                end += n;
                if (chunks) {
                    if (end > start) emit(start, end - start, url);
                    start = end = 0;
                    continue;
                }
                int newline;
                while ((newline = indexOfNewline(window, Math.max(start, scanned), end)) != -1) {
                    emit(start, newline + 1 - start, url);
                    start = newline + 1;
                }
                scanned = end;
                // Without its '\n' yet, the line may still end in '\r': only more than one byte over is certainly too long.
                if (end - start > maxLine + 1L) throw tooLong(url);
            }
            if (end > start) emit(start, end - start, url); // a last line without its '\n' is a message too
        } finally {
            listener.flush();
        }
    }

    /** One message, {@code size} bytes of {@link #window} from {@code offset}: a line with its line end, or a chunk. */
    private void emit(int offset, int size, HttpUrl url) {
        int content = chunks ? size : withoutLineEnd(window, offset, size);
        if (!chunks && content > maxLine) throw tooLong(url);
        int length = lineEnds ? size : content;
        deliver(new Received(window, offset, length, binary, System.nanoTime(), size, Map.of("bytes", size)));
        backoff.reset(); // a whole message, not a few bytes before each break, shows the server is back
    }

    /**
     * The index of the first {@code '\n'} in {@code bytes[from, to)}, or -1. Eight bytes at a time: a
     * stream of short lines spends much of its time here. XOR makes each '\n' a zero byte, and
     * {@code (x - 0x01..) & ~x & 0x80..} marks zero bytes; the lowest mark is always a real one.
     */
    static int indexOfNewline(byte[] bytes, int from, int to) {
        int i = from;
        for (; to - i >= 8; i += 8) {
            long x = (long) EIGHT_BYTES.get(bytes, i) ^ 0x0a0a0a0a0a0a0a0aL;
            long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (zeros != 0) return i + Long.numberOfTrailingZeros(zeros) / 8;
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }

    /** The length of a line without its {@code \n} or {@code \r\n}. */
    private static int withoutLineEnd(byte[] bytes, int offset, int length) {
        int end = offset + length;
        if (length == 0 || bytes[end - 1] != '\n') return length;
        end--;
        if (end > offset && bytes[end - 1] == '\r') end--;
        return end - offset;
    }

    private RtcException tooLong(HttpUrl url) {
        return new RtcException("a line longer than --max-line (" + maxLine + " bytes) from " + url
                + ": use --chunks, or a bigger --max-line");
    }
}
