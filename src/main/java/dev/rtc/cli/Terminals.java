package dev.rtc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's stdin is a terminal, without loading JLine. */
final class Terminals {
    private Terminals() {}

    static boolean stdinIsTerminal() {
        try {
            if (Files.exists(Path.of("/proc/self/fd"))) {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no /proc (macOS): ask the JDK below
        }
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
