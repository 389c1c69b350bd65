package dev.rtc.serve;

import dev.rtc.output.Json;
import dev.rtc.output.Payloads;
import dev.rtc.output.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * One published message: its per-topic id, its bytes and the server's timestamp. Immutable and shared by
 * every subscriber; {@code text} is null when the bytes are not valid UTF-8 (then JSON carries base64).
 * Each technique's wire form is built once, on first use, and shared by all its subscribers (a racing
 * second build makes the same bytes, so no lock is needed).
 */
public final class Message {
    final long id;
    final byte[] data;
    final String text;
    final long tsMillis;
    private String json;
    private byte[] jsonLine;
    private byte[] textLine;
    private byte[] sseEvent;

    Message(long id, byte[] data, long tsMillis) {
        this.id = id;
        this.data = data;
        this.text = Payloads.utf8OrNull(data);
        this.tsMillis = tsMillis;
    }

    public long id() {
        return id;
    }

    /** {@code {"id":…,"data":…,"ts":…}} (plus {@code "encoding":"base64"} for binary), built once. */
    String json() {
        String j = json;
        if (j == null) {
            Json o = Json.object().put("id", id);
            if (text != null) {
                o.put("data", text);
            } else {
                o.put("data", Base64.getEncoder().encodeToString(data)).put("encoding", "base64");
            }
            json = j = o.put("ts", Timestamps.format(tsMillis)).toString();
        }
        return j;
    }

    /** {@link #json()} and a newline, as {@code /stream?format=ndjson} sends it. */
    byte[] jsonLine() {
        byte[] b = jsonLine;
        if (b == null) jsonLine = b = (json() + "\n").getBytes(StandardCharsets.UTF_8);
        return b;
    }

    /** The data and a newline, as {@code /stream} sends it. */
    byte[] textLine() {
        byte[] b = textLine;
        if (b == null) {
            b = Arrays.copyOf(data, data.length + 1);
            b[data.length] = '\n';
            textLine = b;
        }
        return b;
    }

    /** The SSE event (see {@link SseRoute#event}). */
    byte[] sseEvent() {
        byte[] b = sseEvent;
        if (b == null) sseEvent = b = SseRoute.event(this);
        return b;
    }
}
