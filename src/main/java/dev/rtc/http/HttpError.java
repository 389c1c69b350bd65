package dev.rtc.http;

import dev.rtc.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/**
 * The one wording of an HTTP error status for every HTTP client: {@code HTTP 400 Bad Request from URL},
 * then the server's own short reason when it gave one (the {@code error} field of a JSON body, else the
 * first line of a text/plain body; control characters dropped, at most {@link #MAX_REASON} characters),
 * and for a 401 where to put credentials.
 */
public final class HttpError {
    /** The most of an error body read for its reason. */
    public static final int MAX_BODY = 4096;
    /** The longest reason printed. */
    static final int MAX_REASON = 200;

    private HttpError() {}

    /** One line for a status that is an error, with the reason found in the first bytes of its body. */
    public static String describe(int status, String phrase, String contentType, byte[] body, int length, HttpUrl url) {
        StringBuilder sb = new StringBuilder("HTTP ").append(Fetched.statusLine(status, phrase)).append(" from ").append(url);
        String reason = reason(contentType, body, Math.min(length, MAX_BODY));
        if (reason != null) sb.append(": ").append(reason);
        if (status == 401) sb.append(" (send credentials with --bearer TOKEN or -u USER:PASSWORD)");
        return sb.toString();
    }

    /** The server's short reason, or null when its body offers none. */
    static String reason(String contentType, byte[] body, int length) {
        if (body == null || length <= 0) return null;
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        String subtype = type == null ? "" : type.subtype().toLowerCase(Locale.ROOT);
        String found = null;
        if (subtype.equals("json") || subtype.endsWith("+json") || text.stripLeading().startsWith("{")) {
            try {
                if (JsonReader.parse(text) instanceof Map<?, ?> m && m.get("error") instanceof String s) found = s;
            } catch (IllegalArgumentException e) {
                found = null; // cut off at MAX_BODY, or not JSON after all
            }
        } else if (type != null && type.type().equalsIgnoreCase("text") && subtype.equals("plain")) {
            found = text.strip().lines().findFirst().orElse(null);
        }
        return found == null ? null : bounded(found);
    }

    private static String bounded(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_REASON + 1));
        for (int i = 0; i < s.length() && sb.length() <= MAX_REASON; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        String clean = sb.toString().strip();
        if (clean.length() > MAX_REASON) clean = clean.substring(0, MAX_REASON - 1) + "…";
        return clean.isEmpty() ? null : clean;
    }
}
