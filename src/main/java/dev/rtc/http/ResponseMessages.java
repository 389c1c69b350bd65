package dev.rtc.http;

import dev.rtc.client.Received;
import dev.rtc.json.Json;
import dev.rtc.json.JsonReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * What poll and long poll make of a 2xx body: the {@code --cursor} value read from it for the next
 * request, then the body as one message, or with {@code --each JSON_POINTER} each element of the array
 * it names as one message (compact JSON, as {@code jq -c '.messages[]'} prints it). A body is parsed
 * once, and only when one of the two asks for it.
 */
public final class ResponseMessages {
    /** The default longest body of poll and long poll (their {@code --max-message-size}, 4MiB). */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 4L << 20;

    private final Cursor cursor;
    private final String each;
    private boolean eachWarned;

    /**
     * @param cursor      {@code --cursor}'s JSON pointer, or null
     * @param cursorParam the query parameter that carries it
     * @param each        {@code --each}'s JSON pointer, or null
     */
    public ResponseMessages(String cursor, String cursorParam, String each) {
        this.cursor = Cursor.of(cursor, cursorParam);
        if (each != null) Cursor.checkPointer("--each", each, "/messages");
        this.each = each;
    }

    /** The URL of the next request: {@code base} with the cursor's parameter once there is a value. */
    public HttpUrl next(HttpUrl base) {
        return cursor == null ? base : cursor.apply(base);
    }

    /**
     * Reads the cursor from {@code f}'s body, then hands its messages on: false when the body was empty
     * (nothing handed on). The first message carries the response's wire bytes, the others none, so that
     * their sum is what the response cost.
     */
    public boolean deliver(Fetched f, long seq, Consumer<Received> messages, Consumer<String> warnings) {
        long received = System.nanoTime();
        Object root = null;
        String notJson = null;
        if (cursor != null || each != null) {
            try {
                root = JsonReader.parse(new String(f.body(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                notJson = e.getMessage();
            }
        }
        if (cursor != null) cursor.update(root, notJson, warnings);
        if (f.body().length == 0) return false;
        Map<String, Object> fields = f.fields(seq);
        if (each == null) {
            byte[] message = f.message();
            messages.accept(new Received(message, 0, message.length, false, received, f.wireBytes(), fields));
            return true;
        }
        Object found = notJson != null ? null : JsonReader.pointer(root, each);
        if (!(found instanceof List<?> elements)) {
            if (!eachWarned) {
                warnings.accept("--each " + each + (notJson != null ? " cannot be read: the response is not JSON (" + notJson + ")"
                        : found == JsonReader.ABSENT ? " is not in the response" : " does not name an array")
                        + "; nothing printed");
            }
            eachWarned = true;
            return true;
        }
        eachWarned = false;
        long wire = f.wireBytes();
        for (Object element : elements) {
            byte[] message = compact(element).getBytes(StandardCharsets.UTF_8);
            messages.accept(new Received(message, 0, message.length, false, received, wire, fields));
            wire = 0;
        }
        return true;
    }

    /** A parsed JSON value written back as compact JSON. */
    static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                Json.quote(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (value instanceof String s) {
            Json.quote(sb, s);
        } else if (value instanceof BigDecimal n) {
            sb.append(n);
        } else {
            sb.append(value); // true, false, null
        }
    }
}
