package dev.rtc.http;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** URLs as users type them: a missing scheme filled in, as curl does, and the schemes a command takes checked. */
public final class Urls {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    private Urls() {}

    /** {@code raw}, trimmed, with {@code scheme}:// in front when it names none. */
    public static String withScheme(String raw, String scheme) {
        String text = raw.trim();
        return SCHEME.matcher(text).find() ? text : scheme + "://" + text;
    }

    /** The scheme of a URL that {@link #withScheme} completed, lower case. */
    public static String scheme(String url) {
        return url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /**
     * A ws:// or wss:// URL; one without a scheme is taken as ws://. http(s):// and others are a usage
     * error that names the schemes expected, so a typo does not silently become another protocol.
     */
    public static URI webSocket(String raw) {
        String text = withScheme(raw, "ws");
        String scheme = scheme(text);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            String hint = scheme.equals("http") || scheme.equals("https")
                    ? " (a WebSocket URL of the same server is " + (scheme.equals("https") ? "wss" : "ws") + "://…)" : "";
            throw new UsageException("unsupported scheme " + scheme + ":// in " + raw + ": expected ws:// or wss://" + hint);
        }
        URI uri;
        try {
            uri = new URI(scheme + text.substring(scheme.length()));
        } catch (URISyntaxException e) {
            throw new UsageException("malformed URL: " + raw + " (" + e.getReason() + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawFragment() != null) {
            throw new UsageException("malformed URL: " + raw);
        }
        return uri;
    }

}
