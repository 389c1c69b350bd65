package dev.rtc.peer;

import java.util.Locale;

/** The closing lines of {@code -v}: bytes each way, the rate, the round-trip time, from getStats. */
final class Summary {
    private Summary() {}

    static String of(PathStats.Stats stats, double seconds) {
        if (stats == null) return "no statistics (getStats did not answer)";
        double s = Math.max(seconds, 1e-3);
        return String.format(Locale.ROOT, "sent %s (%s/s), received %s (%s/s) in %.2fs, rtt %s, %s",
                bytes(stats.bytesSent()), bytes((long) (stats.bytesSent() / s)),
                bytes(stats.bytesReceived()), bytes((long) (stats.bytesReceived() / s)), seconds,
                rtt(stats.rttSeconds()),
                stats.relay() ? "relay" : "direct");
    }

    /** libwebrtc measures the round trip in whole milliseconds: 0 means less than one. */
    static String rtt(Double seconds) {
        if (seconds == null) return "unknown";
        long ms = Math.round(seconds * 1000);
        return ms == 0 ? "<1ms" : ms + "ms";
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }
}
