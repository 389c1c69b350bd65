package dev.rtc.http;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.output.JsonReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * {@code --cursor JSON_POINTER}: a value read from each JSON response and sent as a query parameter of
 * the next request ({@code since=<last_id>}), so a poll loop asks only for what it has not seen. When
 * the pointer names nothing, the next request goes without it, after one warning.
 */
public final class Cursor {
    private final String pointer;
    private final String param;
    private String value;
    private boolean warned;

    private Cursor(String pointer, String param) {
        this.pointer = pointer;
        this.param = param;
    }

    /** Null when no {@code --cursor} was given; a usage error for a malformed pointer. */
    public static Cursor of(String pointer, String param) {
        if (pointer == null) return null;
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new UsageException("--cursor expects a JSON pointer such as /last_id, got '" + pointer + "'");
        }
        if (param == null || param.isEmpty()) {
            throw new UsageException("--cursor-param must not be empty");
        }
        return new Cursor(pointer, param);
    }

    /** {@code url} with the cursor's parameter set, or unchanged while there is no value yet. */
    public HttpUrl apply(HttpUrl url) {
        return value == null ? url : url.newBuilder().setQueryParameter(param, value).build();
    }

    public String value() {
        return value;
    }

    /** Reads the next value from a response body; {@code warn} hears once why it could not. */
    public void update(byte[] body, Consumer<String> warn) {
        String problem;
        Object found;
        try {
            found = JsonReader.pointer(JsonReader.parse(new String(body, StandardCharsets.UTF_8)), pointer);
            problem = found == JsonReader.ABSENT || found == null ? "is not in the response"
                    : found instanceof String || found instanceof BigDecimal || found instanceof Boolean ? null
                    : "names an object or array, not a value";
        } catch (IllegalArgumentException e) {
            found = null;
            problem = "cannot be read: the response is not JSON (" + e.getMessage() + ")";
        }
        if (problem == null) {
            value = found instanceof BigDecimal n ? n.toPlainString() : found.toString();
            warned = false;
            return;
        }
        value = null;
        if (!warned) {
            warned = true;
            warn.accept("--cursor " + pointer + " " + problem + "; the next request goes without " + param);
        }
    }
}
