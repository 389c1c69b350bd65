package dev.rtc.cli;

/**
 * rtc's own version, git commit and build time, written into this source by the build (a template in
 * src/main/java-templates, filtered into target/generated-sources/build-info): constants, so that
 * {@code rtc --version} reads no resource from the jar.
 */
public final class BuildInfo {
    private static final String VERSION = "${project.version}";
    private static final String COMMIT = "${buildNumber}";
    private static final String BUILT = "${rtc.build.time}";

    private BuildInfo() {}

    public static String version() {
        return known(VERSION);
    }

    /** The abbreviated commit the jar was built from, or "unknown" outside git. */
    public static String commit() {
        return known(COMMIT);
    }

    /** When the jar was built, UTC, ISO 8601. */
    public static String built() {
        return known(BUILT);
    }

    /** A value the build could not fill stays a placeholder. */
    private static String known(String value) {
        return value.isEmpty() || value.startsWith("$" + "{") ? "unknown" : value;
    }
}
