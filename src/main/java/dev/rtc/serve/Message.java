package dev.rtc.serve;

import dev.rtc.json.Json;
import dev.rtc.output.Payloads;
import dev.rtc.output.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One published message: its per-topic id, its bytes and the server's timestamp. Immutable and shared by
 * every subscriber, and held once: the bytes only, no text copy, no cached wire forms (a {@link Batch}
 * builds those once per delivery and lets them go), so that what {@code --max-memory} counts is what the
 * history holds. {@code utf8} says whether the bytes are text (else JSON carries base64).
 */
public final class Message {
    /** What a retained message costs beyond its bytes: the object, its array's header, its history slot. */
    static final int OVERHEAD_BYTES = 64;

    final long id;
    final byte[] data;
    final boolean utf8;
    final long tsMillis;
    /** The topic's epoch with --redis (ids restart in a new one); null without. */
    final String epoch;

    Message(long id, byte[] data, long tsMillis) {
        this(id, data, tsMillis, null);
    }

    Message(long id, byte[] data, long tsMillis, String epoch) {
        this.epoch = epoch;
        this.id = id;
        this.data = data;
        this.utf8 = Payloads.isUtf8(data, 0, data.length);
        this.tsMillis = tsMillis;
    }

    public long id() {
        return id;
    }

    /** The bytes as text, or null when they are not UTF-8. Decoded on each call. */
    String text() {
        return utf8 ? new String(data, StandardCharsets.UTF_8) : null;
    }

    /** What this message counts against {@code --max-memory}. */
    long retainedBytes() {
        return data.length + OVERHEAD_BYTES;
    }

    /** {@code {"id":…,"data":…,"ts":…}} (plus {@code "encoding":"base64"} for binary). */
    String json() {
        Json o = Json.object().put("id", id);
        if (utf8) {
            o.put("data", text());
        } else {
            o.put("data", Base64.getEncoder().encodeToString(data)).put("encoding", "base64");
        }
        return o.put("ts", Timestamps.format(tsMillis)).toString();
    }

    /** {@link #json()} and a newline, as {@code /stream?format=ndjson} sends it. */
    byte[] jsonLine() {
        return (json() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The data and a newline, as {@code /stream} sends it. */
    byte[] textLine() {
        byte[] b = Arrays.copyOf(data, data.length + 1);
        b[data.length] = '\n';
        return b;
    }

    /** The SSE event (see {@link SseRoute#event}). */
    byte[] sseEvent() {
        return SseRoute.event(this);
    }
}
