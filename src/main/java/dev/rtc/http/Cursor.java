package dev.rtc.http;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.json.JsonReader;
import java.math.BigDecimal;
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
        checkPointer("--cursor", pointer, "/last_id");
        if (param == null || param.isEmpty()) {
            throw new UsageException("--cursor-param must not be empty");
        }
        return new Cursor(pointer, param);
    }

    /** A usage error unless {@code pointer} is an RFC 6901 JSON pointer ("" or starting with /). */
    static void checkPointer(String option, String pointer, String example) {
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new UsageException(option + " expects a JSON pointer such as " + example + ", got '" + pointer + "'");
        }
    }

    /** {@code url} with the cursor's parameter set, or unchanged while there is no value yet. */
    public HttpUrl apply(HttpUrl url) {
        return value == null ? url : url.newBuilder().setQueryParameter(param, value).build();
    }

    public String value() {
        return value;
    }

    /**
     * Reads the next value from a response body, already parsed ({@code root}) or not JSON ({@code notJson}
     * says why); {@code warn} hears once why it could not.
     */
    void update(Object root, String notJson, Consumer<String> warn) {
        String problem;
        Object found = null;
        if (notJson != null) {
            problem = "cannot be read: the response is not JSON (" + notJson + ")";
        } else {
            found = JsonReader.pointer(root, pointer);
            problem = found == JsonReader.ABSENT || found == null ? "is not in the response"
                    : found instanceof String || found instanceof BigDecimal || found instanceof Boolean ? null
                    : "names an object or array, not a value";
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
