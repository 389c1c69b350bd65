package dev.rtc.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 3339 UTC with milliseconds, the one timestamp format rtc prints: {@code 2026-11-25T18:06:47.123Z}. */
public final class Timestamps {
    private static final DateTimeFormatter RFC3339_MS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String format(long epochMillis) {
        return RFC3339_MS.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String now() {
        return format(System.currentTimeMillis());
    }
}
