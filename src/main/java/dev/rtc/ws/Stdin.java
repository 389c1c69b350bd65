package dev.rtc.ws;

import dev.rtc.output.Printer;
import java.io.IOException;

/** The thread that reads stdin. */
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
}
