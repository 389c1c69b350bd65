package dev.rtc.ws;

import dev.rtc.output.Printer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stdin is a terminal (without loading JLine), and the thread that reads it. */
final class Stdin {
    @FunctionalInterface
    interface Reader {
        void run() throws IOException, InterruptedException;
    }

    private Stdin() {}

    /** Runs {@code reader} on a daemon thread: a read blocked on stdin must not keep the JVM or the run alive. */
    static void start(Reader reader, Printer printer) {
        Thread t = new Thread(() -> {
            try {
                reader.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                printer.warn("stdin: " + e.getMessage());
            }
        }, "rtc-ws-input");
        t.setDaemon(true);
        t.start();
    }

    static boolean isTerminal() {
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
