package dev.rtc.peer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for a file transfer, redrawn in place ({@code \r}) at most ten times a
 * second and ended with a newline; silent unless stderr is a terminal.
 */
final class Progress {
    static final long REDRAW_NANOS = 100_000_000L;
    static final int BAR = 30;

    private final PrintWriter err;
    private final boolean shown;
    private final LongSupplier clock;
    private String name = "";
    private long startNanos;
    private long lastDraw;
    /** Whether a bar is on the current line, which then needs ending before anything else is printed. */
    private boolean drawn;
    /** The last line's length: a shorter one is padded over it, so no stale characters trail behind. */
    private int drawnLength;

    Progress(PrintWriter err, boolean shown) {
        this(err, shown, System::nanoTime);
    }

    Progress(PrintWriter err, boolean shown, LongSupplier clock) {
        this.err = err;
        this.shown = shown;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
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
        startNanos = clock.getAsLong();
    }

    void update(long done, long total) {
        if (!shown) return;
        long now = clock.getAsLong();
        if (drawn && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        draw(done, total);
    }

    void done(long total) {
        if (!shown) return;
        draw(total, total);
        end();
    }

    /** Ends the bar's line (after a failure too), so that what follows starts on a line of its own. */
    void end() {
        if (!drawn) return;
        err.print('\n');
        err.flush();
        drawn = false;
        drawnLength = 0;
    }

    private void draw(long done, long total) {
        int filled = total == 0 ? BAR : (int) (BAR * Math.min(done, total) / total);
        double seconds = Math.max(1e-3, (clock.getAsLong() - startNanos) / 1e9);
        String line = String.format(Locale.ROOT, "%s [%s%s] %3d%% %s %s/s", name, "#".repeat(filled), " ".repeat(BAR - filled),
                total == 0 ? 100 : done * 100 / total, Summary.bytes(done), Summary.bytes((long) (done / seconds)));
        int pad = Math.max(0, drawnLength - line.length());
        err.print('\r' + line + " ".repeat(pad));
        err.flush();
        drawn = true;
        drawnLength = line.length();
    }
}
