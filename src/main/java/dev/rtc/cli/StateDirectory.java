package dev.rtc.cli;

import java.nio.file.Path;

/**
 * Where rtc keeps what it writes for itself between runs (ws's history, serve's self-signed certificate):
 * {@code $XDG_STATE_HOME/rtc}, else {@code ~/.local/state/rtc}, as the XDG base directory specification says.
 */
public final class StateDirectory {
    private StateDirectory() {}

    public static Path path() {
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("rtc");
    }
}
