package dev.rtc.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that knows both output formats. Text mode: each payload on its own line on stdout,
 * lifecycle events as diagnostics on stderr. {@code --json}: every payload and lifecycle event as one
 * NDJSON record on stdout (SPEC.md, "Conventions"). Binary payloads are never printed as lossy text:
 * hex, base64, or (text mode only) the raw bytes.
 */
public final class Printer {
    public enum Binary { HEX, BASE64, RAW }

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputStream rawOut;
    private final boolean json;
    private final Binary binary;
    private boolean holding;

    /**
     * @param rawOut where {@link Binary#RAW} bytes go; null writes each byte to {@code out} as one
     *               ISO-8859-1 char (so in-process tests can read the exact bytes back)
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
        if (!holding) out.flush();
    }

    /**
     * Text payloads are written but not flushed until {@link #release}: a client that parses many
     * messages from one read flushes once per read, not once per message (one write call instead of thousands).
     */
    public synchronized void hold() {
        holding = true;
    }

    /** Flushes what {@link #hold} kept back; call it before waiting for more input. */
    public synchronized void release() {
        holding = false;
        out.flush();
    }

    /** A binary payload: hex or base64 line, raw bytes, or a base64 record for {@code --json}. */
    public synchronized void binary(byte[] data, Map<String, ?> fields) {
        if (json) {
            out.println(record("message").put("data", Base64.getEncoder().encodeToString(data))
                    .put("encoding", "base64").putAll(fields));
        } else if (binary == Binary.RAW) {
            out.flush();
            try {
                if (rawOut != null) {
                    rawOut.write(data);
                    rawOut.flush();
                } else {
                    for (byte b : data) out.write(b & 0xff);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.println(binary == Binary.BASE64 ? Base64.getEncoder().encodeToString(data) : Payloads.hex(data));
        }
        out.flush();
    }

    /** Bytes that may or may not be text: printed as text when they are valid UTF-8. */
    public void payload(byte[] data, Map<String, ?> fields) {
        String text = Payloads.utf8OrNull(data);
        if (text != null) {
            text(text, fields);
        } else {
            binary(data, fields);
        }
    }

    /** A lifecycle event: an NDJSON record with {@code --json}, else a diagnostic line on stderr. */
    public synchronized void event(String type, String diagnostic, Map<String, ?> fields) {
        if (json) {
            out.println(record(type).putAll(fields));
            out.flush();
        } else if (diagnostic != null) {
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
