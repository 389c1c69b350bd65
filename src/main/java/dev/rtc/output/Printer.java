package dev.rtc.output;

import dev.rtc.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that knows both output formats. Text mode: each payload on its own line on stdout,
 * lifecycle events as diagnostics on stderr. {@code --json}: every payload and lifecycle event as one
 * NDJSON record on stdout (SPEC.md, "Conventions"). Binary payloads are never printed as lossy text:
 * hex, base64, or (text mode only) the raw bytes.
 *
 * <p>Stdout is flushed after each message unless a reader that prints many per read asks for
 * {@link #deferFlush} and calls {@link #flush} itself. A stdout that can no longer be written (the
 * reader of a pipe went away, as {@code | head -1} does) throws {@link OutputClosed}.
 */
public final class Printer {
    public enum Binary { HEX, BASE64, RAW }

    /** Stdout cannot be written any more: the run is over, and nobody is left to tell. */
    public static final class OutputClosed extends RuntimeException {
        /** @param cause the failed write, or null when PrintWriter kept it to itself */
        OutputClosed(IOException cause) {
            super("stdout is closed", cause);
        }
    }

    private static final byte[] LINE_END = System.lineSeparator().getBytes(StandardCharsets.US_ASCII);

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputStream rawOut;
    private final boolean json;
    private final Binary binary;
    private boolean deferFlush;
    /** Whether {@code out} may hold characters not yet passed on, which must precede bytes written to {@code rawOut}. */
    private boolean outHolds;

    /**
     * @param rawOut stdout as bytes, the stream {@code out} writes to: where {@link Binary#RAW} bytes and
     *               text lines that are already UTF-8 go without a detour through a String; null writes
     *               everything through {@code out}, raw bytes as one ISO-8859-1 char each (so in-process
     *               tests can read the exact bytes back)
     */
    public Printer(PrintWriter out, PrintWriter err, OutputStream rawOut, boolean json, Binary binary) {
        this.out = out;
        this.err = err;
        this.rawOut = rawOut;
        this.json = json;
        this.binary = binary;
    }

    public boolean json() {
        return json;
    }

    /** Whether {@link #binary} writes the bytes as they are ({@code --raw} in text mode). */
    public boolean raw() {
        return !json && binary == Binary.RAW;
    }

    /** A text payload, with the technique's fields for {@code --json}. */
    public synchronized void text(String data, Map<String, ?> fields) {
        if (json) {
            out.println(record("message").put("data", data).putAll(fields));
        } else {
            out.println(data);
        }
        wroteOut();
    }

    /** A binary payload: hex or base64 line, raw bytes, or a base64 record for {@code --json}. */
    public void binary(byte[] data, Map<String, ?> fields) {
        binary(data, 0, data.length, fields);
    }

    /** {@code length} bytes of {@code data} from {@code offset} as a binary payload. */
    public synchronized void binary(byte[] data, int offset, int length, Map<String, ?> fields) {
        if (!json && binary == Binary.RAW) {
            if (rawOut != null) {
                writeRaw(data, offset, length, false);
            } else {
                for (int i = offset; i < offset + length; i++) out.write(data[i] & 0xff);
                wroteOut();
            }
            return;
        }
        byte[] bytes = Arrays.copyOfRange(data, offset, offset + length);
        if (json) {
            out.println(record("message").put("data", Base64.getEncoder().encodeToString(bytes))
                    .put("encoding", "base64").putAll(fields));
        } else {
            out.println(binary == Binary.BASE64 ? Base64.getEncoder().encodeToString(bytes) : Payloads.hex(bytes));
        }
        wroteOut();
    }

    /** Bytes that may or may not be text: printed as text when they are valid UTF-8. */
    public void payload(byte[] data, Map<String, ?> fields) {
        payload(data, 0, data.length, fields);
    }

    /**
     * {@code length} bytes of {@code data} from {@code offset}, as {@link #payload(byte[], Map)}. In text
     * mode valid UTF-8 is written as it is, without decoding it to a String and encoding it back: the
     * same bytes, at a fraction of the cost for a fast stream of short lines.
     */
    public synchronized void payload(byte[] data, int offset, int length, Map<String, ?> fields) {
        if (json) {
            String text = Payloads.utf8OrNull(data, offset, length);
            if (text != null) {
                text(text, fields);
            } else {
                binary(data, offset, length, fields);
            }
        } else if (!Payloads.isUtf8(data, offset, length)) {
            binary(data, offset, length, fields);
        } else if (rawOut != null) {
            writeRaw(data, offset, length, true);
        } else {
            text(new String(data, offset, length, StandardCharsets.UTF_8), fields);
        }
    }

    /** Holds stdout back from now on until {@link #flush}, for a reader that prints many messages per read. */
    public synchronized void deferFlush() {
        deferFlush = true;
    }

    /** Passes everything printed so far on to stdout; throws {@link OutputClosed} when stdout is gone. */
    public synchronized void flush() {
        // checkError flushes, then says whether any write since the start failed: PrintWriter keeps IOExceptions to itself.
        if (out.checkError()) throw new OutputClosed(null);
        outHolds = false;
        if (rawOut != null) {
            try {
                rawOut.flush();
            } catch (IOException e) {
                throw new OutputClosed(e);
            }
        }
    }

    private void wroteOut() {
        outHolds = true;
        if (!deferFlush) flush();
    }

    private void writeRaw(byte[] data, int offset, int length, boolean line) {
        if (outHolds) flush(); // what went through the writer comes first
        try {
            rawOut.write(data, offset, length);
            if (line) rawOut.write(LINE_END);
        } catch (IOException e) {
            throw new OutputClosed(e);
        }
        if (!deferFlush) flush();
    }

    /** A lifecycle event: an NDJSON record with {@code --json}, else a diagnostic line on stderr. */
    public synchronized void event(String type, String diagnostic, Map<String, ?> fields) {
        if (json) {
            out.println(record(type).putAll(fields));
            outHolds = true;
            flush(); // a lifecycle record goes out at once, deferred or not
        } else if (diagnostic != null) {
            flush(); // the data printed before it, before it
            err.println(diagnostic);
            err.flush();
        }
    }

    public void open(String diagnostic, Map<String, ?> fields) {
        event("open", diagnostic, fields);
    }

    public void close(Integer code, String reason) {
        String text = "closed" + (code == null ? "" : " " + code) + (reason == null || reason.isEmpty() ? "" : " " + reason);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (code != null) fields.put("code", code);
        if (reason != null) fields.put("reason", reason);
        event("close", text, fields);
    }

    public void reconnect(int attempt, long delayMs) {
        event("reconnect", "reconnecting in " + delayMs + "ms (attempt " + attempt + ")",
                fields("attempt", attempt, "delay_ms", delayMs));
    }

    /** A problem that does not stop the run: always a line on stderr, never a record among the data. */
    public synchronized void warn(String message) {
        flush();
        err.println("rtc: warning: " + message);
        err.flush();
    }

    public void error(String message) {
        event("error", "rtc: " + message, fields("message", message));
    }

    /** Technique fields in the order given: {@code fields("seq", 1, "status", 200)}. */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Json record(String type) {
        return Json.object().put("type", type).put("ts", Timestamps.now());
    }
}
