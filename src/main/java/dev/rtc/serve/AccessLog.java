package dev.rtc.serve;

import dev.rtc.output.Timestamps;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One line per request or connection on stderr, or nothing under {@code --quiet}. A {@code token} in the
 * query is logged as {@code token=REDACTED}; no header is ever logged, so neither is {@code Authorization}.
 */
final class AccessLog {
    private final PrintWriter log;

    AccessLog(PrintWriter log) {
        this.log = log;
    }

    boolean enabled() {
        return log != null;
    }

    /** {@code 2026-11-25T18:06:47.123Z 127.0.0.1:50312 "GET /poll/news" 200 57B 1ms} */
    void line(SocketAddress remote, String method, String uri, Object status, String detail) {
        line(address(remote), method, uri, status, detail);
    }

    /** As above, the client named already ({@link TrustedProxies#client}). */
    void line(String client, String method, String uri, Object status, String detail) {
        if (log == null) return;
        log.println(Timestamps.now() + ' ' + client + " \"" + method + ' ' + redacted(uri) + "\" " + status
                + (detail == null || detail.isEmpty() ? "" : " " + detail));
        log.flush();
    }

    /**
     * {@code uri} with the value of every {@code token} parameter replaced, its name read as the gate
     * reads it (percent-decoded, {@code &} or {@code ;} between parameters).
     */
    static String redacted(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) return uri;
        StringBuilder out = new StringBuilder(uri.length()).append(uri, 0, q + 1);
        int start = q + 1;
        for (int i = start; i <= uri.length(); i++) {
            char c = i < uri.length() ? uri.charAt(i) : '&';
            if (c != '&' && c != ';' && c != '#') continue;
            String param = uri.substring(start, i);
            int eq = param.indexOf('=');
            String name = QueryStringDecoder.decodeComponent(eq < 0 ? param : param.substring(0, eq), StandardCharsets.UTF_8);
            out.append("token".equals(name) && eq >= 0 ? param.substring(0, eq + 1) + "REDACTED" : param);
            if (i < uri.length()) out.append(c);
            if (c == '#') return out.append(uri, i + 1, uri.length()).toString();
            start = i + 1;
        }
        return out.toString();
    }

    /** A message about the server itself ("slow subscriber dropped", "draining"). */
    void note(String text) {
        if (log == null) return;
        log.println(Timestamps.now() + ' ' + text);
        log.flush();
    }

    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ':' + i.getPort();
        }
        return String.valueOf(a);
    }
}
