package dev.rtc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** rtc's own version, git commit and build time, filtered into {@code dev/rtc/version.properties} by the build. */
public final class BuildInfo {
    private static volatile Properties properties;

    private BuildInfo() {}

    public static String version() {
        return get("version");
    }

    /** The abbreviated commit the jar was built from, or "unknown" outside git. */
    public static String commit() {
        return get("commit");
    }

    /** When the jar was built, UTC, ISO 8601. */
    public static String built() {
        return get("built");
    }

    private static String get(String key) {
        Properties p = properties;
        if (p == null) {
            p = new Properties();
            try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/rtc/version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties = p;
        }
        String value = p.getProperty(key, "");
        // a property the build could not fill (no git) stays as the placeholder
        return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
    }
}
