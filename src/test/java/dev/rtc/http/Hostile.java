package dev.rtc.http;

import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** The scripts of hostile servers the HTTP clients must survive, for {@link RawServer}. */
public final class Hostile {
    private Hostile() {}

    /**
     * A gzip bomb: a small compressed body that expands to {@code expandedMiB} MiB of zeros, compressed as
     * it is sent (so the server holds no more than a buffer) until the client hangs up.
     */
    public static RawServer.Script gzipBomb(int expandedMiB) {
        return (head, out) -> {
            out.write(RawServer.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                    + "Connection: close\r\n\r\n"));
            byte[] zeros = new byte[1 << 20];
            try (OutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
                for (int i = 0; i < expandedMiB; i++) gzip.write(zeros);
            }
        };
    }

    /** A status line, then nothing until the connection is closed (at most {@code seconds}). */
    public static RawServer.Script stalledHeaders(int seconds) {
        return (head, out) -> {
            out.write(RawServer.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"));
            out.flush();
            Thread.sleep(seconds * 1000L);
        };
    }

    /** An event stream that asks for {@code retry: 0} and sends one empty event per connection, then ends. */
    public static RawServer.Script retryZero() {
        return (head, out) -> out.write(RawServer.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + "Connection: close\r\n\r\nretry: 0\n\ndata:\n\n"));
    }

    /** Waits {@code millis} before its status line, then answers 200 with {@code body}: a long poll that took its time. */
    public static RawServer.Script slowStatusLine(long millis, String body) {
        return (head, out) -> {
            Thread.sleep(millis);
            out.write(RawServer.ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body));
        };
    }

}
