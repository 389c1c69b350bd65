package dev.rtc.http;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.BuildInfo;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The request headers the options ask for, for HTTP requests and WebSocket handshakes alike: each
 * {@code -H 'Name: value'}, then {@code Authorization} from {@code -u} or {@code --bearer} (replacing one
 * given with {@code -H}), then rtc's {@code User-Agent} unless {@code -H} gave one.
 */
public final class RequestHeaders {
    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={}";

    private RequestHeaders() {}

    /** In order; a usage error (exit 2) for a header without a colon or a name that is not a token. */
    public static List<Map.Entry<String, String>> of(List<String> raw, String user, String bearer) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String h : raw) {
            int colon = h.indexOf(':');
            if (colon <= 0) throw new UsageException("--header expects 'Name: value', got '" + h + "'");
            String name = h.substring(0, colon).trim();
            if (!isToken(name)) throw new UsageException("--header '" + h + "': invalid header name");
            headers.add(new SimpleImmutableEntry<>(name, h.substring(colon + 1).trim()));
        }
        String authorization = null;
        if (user != null) {
            if (!user.contains(":")) throw new UsageException("--user expects USER:PASSWORD");
            authorization = "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        }
        if (bearer != null) authorization = "Bearer " + bearer;
        if (authorization != null) {
            headers.removeIf(e -> e.getKey().equalsIgnoreCase("Authorization"));
            headers.add(new SimpleImmutableEntry<>("Authorization", authorization));
        }
        if (headers.stream().noneMatch(e -> e.getKey().equalsIgnoreCase("User-Agent"))) {
            headers.add(new SimpleImmutableEntry<>("User-Agent", "rtc/" + BuildInfo.version()));
        }
        return headers;
    }

    /** An RFC 9110 token: a header name, a subprotocol. */
    public static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c < 127 && SEPARATORS.indexOf(c) < 0);
    }

}
