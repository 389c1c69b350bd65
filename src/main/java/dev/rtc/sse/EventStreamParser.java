package dev.rtc.sse;

import dev.rtc.cli.RtcException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The HTML standard's "event stream interpretation" (WHATWG HTML, 9.2.6), fed bytes as they arrive:
 * one leading UTF-8 BOM skipped; lines end at CRLF, LF or a lone CR (also across reads); invalid UTF-8
 * becomes U+FFFD; {@code data} values are joined with LF; one space after the colon is removed; a line
 * without a colon is a field with an empty value; {@code id} is ignored when it holds NUL; {@code retry}
 * only when it is all ASCII digits; comments and unknown fields are ignored; a blank line dispatches,
 * except when the data buffer is empty; whatever is pending at the end of the stream is discarded.
 *
 * <p>Why not okhttp-sse's reader (5.5.1; SseParserTest shows each case against it): it does not end a
 * value at a lone CR, keeps a BOM in the first field name, accepts a signed {@code retry}, takes an
 * {@code id} that holds NUL, and forgets the id of a block without data (the standard moves the last
 * event ID anyway). Its lines are also unbounded ({@code readUtf8LineStrict()} without a limit).
 *
 * <p>Memory is bounded: a line, and an event's data, may be at most {@code maxLine} bytes (chars for the
 * data), else the stream fails with a message naming {@code --max-line}.
 */
final class EventStreamParser {
    /** Receives what the stream says; {@link #event} returns false to stop parsing (a stop condition was met). */
    interface Listener {
        boolean event(SseEvent event);

        /** A {@code retry} field: the server's reconnection time, in milliseconds. */
        default void retry(long millis) {}
    }

    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");

    private final Listener listener;
    private final int maxLine;

    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean afterCr;
    private boolean firstLine = true;

    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String idBuffer;
    private String lastEventId;
    private String blockId;
    private Long blockRetry;
    /** Bytes of the stream fed before the current {@link #feed} call. */
    private long fed;
    /** Where the line being looked at ends in the stream, its line end included. */
    private long lineEnd;
    /** Where the last dispatched event (or the stream) ended. */
    private long lastDispatchEnd;
    private long eventBytes;

    /** @param lastEventId the event source's last event ID so far ("" for none): a new connection keeps it */
    EventStreamParser(String lastEventId, int maxLine, Listener listener) {
        this.idBuffer = this.lastEventId = lastEventId == null ? "" : lastEventId;
        this.maxLine = maxLine;
        this.listener = listener;
    }

    /** The last event ID of the dispatched events ({@code Last-Event-ID} of the next connection). */
    String lastEventId() {
        return lastEventId;
    }

    /**
     * The bytes of the stream the event being dispatched took: from the end of the one before (or of the
     * stream's start) to its blank line, comments and fields included.
     */
    long eventBytes() {
        return eventBytes;
    }

    /** Parses these bytes; false when the listener asked to stop, and the rest was not looked at. */
    boolean feed(byte[] b, int off, int len) {
        long base = fed - off;
        fed += len;
        int end = off + len;
        int i = off;
        if (afterCr && i < end) {
            afterCr = false;
            if (b[i] == '\n') i++;
        }
        int start = i;
        while (i < end) {
            byte c = b[i];
            if (c != '\n' && c != '\r') {
                i++;
                continue;
            }
            boolean go;
            lineEnd = base + i + (c == '\r' && i + 1 < end && b[i + 1] == '\n' ? 2 : 1);
            if (lineLength == 0) {
                go = line(b, start, i - start);
            } else {
                append(b, start, i - start);
                go = line(line, 0, lineLength);
                lineLength = 0;
            }
            i++;
            if (c == '\r') {
                if (i == end) {
                    afterCr = true;
                } else if (b[i] == '\n') {
                    i++;
                }
            }
            start = i;
            if (!go) return false;
        }
        append(b, start, end - start);
        return true;
    }

    /** The end of the stream: a line without its end and an event without its blank line are discarded. */
    void end() {
        lineLength = 0;
        data.setLength(0);
        type = "";
        idBuffer = lastEventId;
        blockId = null;
        blockRetry = null;
    }

    private void append(byte[] b, int off, int len) {
        if (len == 0) return;
        int need = lineLength + len;
        if (need > maxLine) throw tooLong("a line");
        if (need > line.length) line = Arrays.copyOf(line, Math.min(maxLine, Math.max(need, line.length * 2)));
        System.arraycopy(b, off, line, lineLength, len);
        lineLength = need;
    }

    private boolean line(byte[] b, int off, int len) {
        if (len > maxLine) throw tooLong("a line");
        if (firstLine) {
            firstLine = false;
            if (len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) return dispatch();
        if (b[off] == ':') return true;
        int colon = indexOf(b, off, len, (byte) ':');
        int nameLength = colon < 0 ? len : colon - off;
        int valueStart = colon < 0 ? off + len : colon + 1;
        if (valueStart < off + len && b[valueStart] == ' ') valueStart++;
        int valueLength = off + len - valueStart;
        if (is(b, off, nameLength, DATA)) {
            if (data.length() + valueLength > maxLine) throw tooLong("an event's data");
            data.append(utf8(b, valueStart, valueLength)).append('\n');
        } else if (is(b, off, nameLength, EVENT)) {
            type = utf8(b, valueStart, valueLength);
        } else if (is(b, off, nameLength, ID)) {
            if (indexOf(b, valueStart, valueLength, (byte) 0) < 0) {
                idBuffer = blockId = utf8(b, valueStart, valueLength);
            }
        } else if (is(b, off, nameLength, RETRY)) {
            retry(b, valueStart, valueLength);
        }
        return true;
    }

    private void retry(byte[] b, int off, int len) {
        if (len == 0) return;
        long ms = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] < '0' || b[i] > '9') return;
            ms = ms > Long.MAX_VALUE / 10 - 9 ? Long.MAX_VALUE : ms * 10 + (b[i] - '0');
        }
        blockRetry = ms;
        listener.retry(ms);
    }

    private boolean dispatch() {
        lastEventId = idBuffer;
        if (data.length() == 0) {
            type = "";
            blockId = null;
            blockRetry = null;
            return true;
        }
        data.setLength(data.length() - 1);
        eventBytes = lineEnd - lastDispatchEnd;
        lastDispatchEnd = lineEnd;
        SseEvent e = new SseEvent(type.isEmpty() ? SseEvent.DEFAULT_TYPE : type, data.toString(), lastEventId,
                blockId, blockRetry);
        data.setLength(0);
        type = "";
        blockId = null;
        blockRetry = null;
        return listener.event(e);
    }

    private RtcException tooLong(String what) {
        return new RtcException("the stream sent " + what + " longer than --max-line (" + maxLine
                + " bytes); raise --max-line if that is expected");
    }

    private static String utf8(byte[] b, int off, int len) {
        // The JDK decoder replaces each maximal invalid subsequence with one U+FFFD, as the standard's
        // "UTF-8 decode" does.
        return len == 0 ? "" : new String(b, off, len, StandardCharsets.UTF_8);
    }

    private static boolean is(byte[] b, int off, int len, byte[] name) {
        return len == name.length && Arrays.equals(b, off, off + len, name, 0, len);
    }

    private static int indexOf(byte[] b, int off, int len, byte wanted) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == wanted) return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
