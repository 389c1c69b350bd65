package dev.rtc.stream;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.http.Fetched;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Payloads;
import dev.rtc.output.Printer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The stream loop: one response body read as it arrives, cut into messages (lines, or reads as they
 * return) and printed as soon as each is complete; with {@code --reconnect}, reopened when it ends or
 * breaks. Memory stays bounded: at most one read and one unfinished line ({@code --max-line}) are held.
 */
final class StreamReader {
    static final String BACKOFF_INITIAL = "250ms";
    static final String BACKOFF_CAP = "30s";
    /** One okio segment: the most a single read returns, so the size of the largest {@code --chunks} message. */
    static final int READ_SIZE = 8192;
    private static final int WINDOW_SIZE = 64 * 1024;
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final HttpSession session;
    private final Printer printer;
    private final StopConditions stop;
    private final boolean chunks;
    private final boolean hex;
    private final int maxLine;
    private final boolean reconnect;
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    private boolean answered;
    private long bodyBytes;
    /** The bytes read and not yet printed, from the start of the window; it grows for a long line, up to {@code --max-line}. */
    private byte[] window = new byte[WINDOW_SIZE];

    StreamReader(HttpSession session, Printer printer, StopConditions stop, boolean chunks, boolean hex, int maxLine,
            boolean reconnect) {
        this.session = session;
        this.printer = printer;
        this.stop = stop;
        this.chunks = chunks;
        this.hex = hex;
        this.maxLine = maxLine;
        this.reconnect = reconnect;
        printer.deferFlush(); // body() flushes before each read that may wait
    }

    int run() throws InterruptedException {
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
                    if (read(response, url)) return ExitCodes.OK;
                } else {
                    String problem = "HTTP " + Fetched.statusLine(response.code(), response.message()) + " from " + url;
                    // A 5xx after the stream once worked is a server restarting behind a proxy: worth another try.
                    if (!reconnect || !answered || response.code() < 500) throw new RtcException(problem);
                    printer.error(problem);
                }
            } catch (IOException e) {
                if (stop.finished()) return ExitCodes.OK;
                String problem = HttpSession.describe(e, url);
                if (!reconnect || !answered) throw new RtcException(ExitCodes.FAILURE, problem, e);
                printer.error(problem);
            }
            if (!reconnect) {
                if (stop.awaitsMessages()) {
                    throw new RtcException("stream ended after " + stop.received() + " messages, before --count/--until was met");
                }
                return ExitCodes.OK;
            }
            int attempt = backoff.attempt();
            long delay = backoff.nextDelayMs();
            printer.reconnect(attempt, delay);
            Thread.sleep(delay);
        }
    }

    /** Prints one 2xx response's messages until its body ends; true when a stop condition was met. */
    private boolean read(Response response, HttpUrl url) throws IOException {
        printer.open(null, Printer.fields("status", response.code()));
        bodyBytes = 0;
        if (body(response.body().source(), url)) return true;
        if (bodyBytes == 0) {
            String status = "HTTP " + Fetched.statusLine(response.code(), response.message());
            printer.warn(response.code() == 204 ? status + " from " + url : status + " with an empty body from " + url);
        }
        printer.event("close", null, Map.of());
        return false;
    }

    /**
     * Reads the body into {@link #window} and prints each message straight from there. Messages are
     * printed without a flush each: they go out before a read that may wait for the network.
     */
    private boolean body(BufferedSource source, HttpUrl url) throws IOException {
        int start = 0; // the first byte not printed yet
        int end = 0; // the end of the bytes read
        int scanned = 0; // window[start, scanned) holds no '\n'
        try {
            while (true) {
                if (source.getBuffer().size() == 0) printer.flush();
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
                    if (end > start && emit(start, end - start, url)) return true;
                    start = end = 0;
                    continue;
                }
                int newline;
                while ((newline = indexOfNewline(window, Math.max(start, scanned), end)) != -1) {
                    if (emit(start, newline + 1 - start, url)) return true;
                    start = newline + 1;
                }
                scanned = end;
                // Without its '\n' yet, the line may still end in '\r': only more than one byte over is certainly too long.
                if (end - start > maxLine + 1L) throw tooLong(url);
            }
            return end > start && emit(start, end - start, url); // a last line without its '\n' is a message too
        } finally {
            printer.flush();
        }
    }

    /**
     * One message, {@code size} bytes of {@link #window} from {@code offset}: a line with its line end, or
     * a chunk. True when a stop condition was met.
     */
    private boolean emit(int offset, int size, HttpUrl url) {
        int length = chunks ? size : withoutLineEnd(window, offset, size);
        if (!chunks && length > maxLine) throw tooLong(url);
        Map<String, ?> fields = printer.json() ? Printer.fields("bytes", size) : Map.of();
        if (printer.raw()) {
            printer.binary(window, offset, size, fields); // --raw: the body byte for byte, line ends included
        } else if (hex) {
            printer.binary(window, offset, length, fields);
        } else {
            printer.payload(window, offset, length, fields);
        }
        backoff.reset(); // a whole message, not a few bytes before each break, shows the server is back
        return stop.accept(stop.needsText() ? Payloads.utf8OrNull(window, offset, length) : null);
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
