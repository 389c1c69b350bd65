package dev.rtc.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Headers;

/**
 * One whole response, as poll and long poll see it: status, headers, the body's bytes, how long it took
 * from sending to the last byte, and the bytes it took on the wire (head and body as received).
 */
public record Fetched(int status, String reason, Headers headers, byte[] body, double latencyMs, long wireBytes) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** {@code 404 Not Found}, for messages. */
    public String statusLine() {
        return statusLine(status, reason);
    }

    /** {@code 404 Not Found}, or {@code 404} when the server (or HTTP/2) gave no reason phrase. */
    public static String statusLine(int status, String reason) {
        return reason.isEmpty() ? String.valueOf(status) : status + " " + reason;
    }

    /** The body as a message: without one trailing line end, which belongs to the transport, not the data. */
    public byte[] message() {
        int end = body.length;
        if (end > 0 && body[end - 1] == '\n') end--;
        if (end > 0 && end < body.length && body[end - 1] == '\r') end--;
        return end == body.length ? body : Arrays.copyOf(body, end);
    }

    /** SPEC.md's {@code --json} fields of poll and longpoll: {@code seq}, {@code status}, {@code latency_ms}, {@code bytes}. */
    public Map<String, Object> fields(long seq) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", seq);
        fields.put("status", status);
        fields.put("latency_ms", Math.round(latencyMs * 1000) / 1000.0);
        fields.put("bytes", body.length);
        return fields;
    }
}
