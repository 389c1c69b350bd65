package dev.rtc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** rtc's own version, filtered into {@code dev/rtc/version.properties} by the build. */
public final class BuildInfo {
    private static volatile String version;

    private BuildInfo() {}

    public static String version() {
        String v = version;
        if (v == null) {
            Properties p = new Properties();
            try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/rtc/version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            version = v = p.getProperty("version", "unknown");
        }
        return v;
    }
}
