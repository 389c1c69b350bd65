package dev.rtc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's stdin or stderr is a terminal, without loading JLine. */
public final class Terminals {
    private Terminals() {}

    static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    /** For progress lines that rewrite themselves ({@code rtc compare}). */
    public static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    private static boolean isTerminal(int fd) {
        try {
            if (Files.exists(Path.of("/proc/self/fd"))) {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no /proc (macOS): ask the JDK below
        }
        if (fd != 0) return false; // the JDK only knows about stdin and stdout
        // Before JDK 22 a console exists only when stdin and stdout are terminals; from 22 on it always
        // exists, and isTerminal() says so instead.
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
