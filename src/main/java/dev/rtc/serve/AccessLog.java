package dev.rtc.serve;

import dev.rtc.output.Timestamps;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** One line per request or connection on stderr, or nothing under {@code --quiet}. */
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
        if (log == null) return;
        log.println(Timestamps.now() + ' ' + address(remote) + " \"" + method + ' ' + uri + "\" " + status
                + (detail == null || detail.isEmpty() ? "" : " " + detail));
        log.flush();
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
