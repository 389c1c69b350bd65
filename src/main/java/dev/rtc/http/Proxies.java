package dev.rtc.http;

import java.util.Locale;
import java.util.Map;

/**
 * Which proxy a client goes through, as curl decides it: {@code --proxy} wins; else {@code https_proxy} for
 * TLS (https, wss) or {@code http_proxy} for plain connections (http, ws), then {@code all_proxy}, each in
 * lower case first, then upper case. A host listed in {@code --noproxy} (or else {@code no_proxy}) is reached
 * directly: comma-separated names, each also matching its subdomains (a leading dot is ignored), or {@code *}.
 */
public final class Proxies {
    /** The proxy URL to use and where it came from ({@code --proxy} or the variable's name), for messages. */
    public record Choice(String url, String source) {}

    private Proxies() {}

    /** The proxy for a connection to {@code host}, or null for a direct one. */
    public static Choice choose(boolean tls, String host, String proxyOption, String noproxyOption, Map<String, String> env) {
        String noproxy = noproxyOption != null ? noproxyOption : variable(env, "no_proxy");
        if (host != null && exempt(host, noproxy)) return null;
        if (proxyOption != null) return new Choice(proxyOption, "--proxy");
        for (String name : tls ? new String[] {"https_proxy", "all_proxy"} : new String[] {"http_proxy", "all_proxy"}) {
            String value = variable(env, name);
            if (value != null) return new Choice(value, value.equals(env.get(name)) ? name : name.toUpperCase(Locale.ROOT));
        }
        return null;
    }

    private static String variable(Map<String, String> env, String lower) {
        String v = env.get(lower);
        if (v == null || v.isBlank()) v = env.get(lower.toUpperCase(Locale.ROOT));
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** Whether {@code host} is in the no-proxy list. */
    static boolean exempt(String host, String list) {
        if (list == null) return false;
        String h = strip(host);
        for (String entry : list.split(",")) {
            String e = strip(entry.trim());
            if (e.startsWith(".")) e = e.substring(1);
            if (e.isEmpty()) continue;
            if (e.equals("*") || h.equals(e) || h.endsWith("." + e)) return true;
        }
        return false;
    }

    private static String strip(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
