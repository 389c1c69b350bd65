package dev.rtc.peer;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A progress line on stderr for a file transfer, redrawn at most ten times a second; silent unless stderr is a terminal. */
final class Progress {
    private final PrintWriter err;
    private final boolean shown;
    private String name = "";
    private long startNanos = System.nanoTime();
    private long lastDraw;

    Progress(PrintWriter err, boolean shown) {
        this.err = err;
        this.shown = shown;
    }

    /** Whether stderr is a terminal (Linux: fd 2 is a tty device); the JDK cannot ask about stderr alone. */
    static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    void start(String name) {
        this.name = name;
        startNanos = System.nanoTime();
    }

    void update(long done, long total) {
        if (!shown) return;
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        draw(done, total);
    }

    void done(long total) {
        if (!shown) return;
        draw(total, total);
        err.print('\n');
        err.flush();
    }

    private void draw(long done, long total) {
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        err.printf("\r%s [%s%s] %3d%% %s %.1f MB/s", name, "#".repeat(filled), " ".repeat(width - filled),
                total == 0 ? 100 : done * 100 / total, Summary.bytes(done), done / seconds / 1e6);
        err.flush();
    }
}
