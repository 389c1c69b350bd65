package dev.rtc;

import java.nio.file.Path;

/** The launcher a user runs, {@code cli/rtc} of this checkout: the one path the process tests start. */
public final class Launcher {
    public static final Path RTC = Path.of("cli", "rtc").toAbsolutePath();

    private Launcher() {}
}
