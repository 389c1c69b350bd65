package dev.rtc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Stdin read by one sending thread, watched so that a stop can send what stdin has already given and not
 * wait for what it may give later ({@code rtc ws} and {@code rtc peer}). What a read returned counts as
 * handled once the sender reads again ({@link #read}) or says it is done ({@link #ended}); bytes waiting in
 * the pipe count as given too.
 */
public final class GivenInput {
    private final InputStream in;
    private final Object lock = new Object();
    private boolean busy;  // guarded by lock: bytes taken, or about to be, and not yet handled
    private boolean ended; // guarded by lock: the sender reads no more

    public GivenInput(InputStream in) {
        this.in = in;
    }

    /**
     * The next bytes of stdin, as {@link InputStream#read(byte[])}; what the previous call returned has been
     * handled. After -1, {@link #ended} says when what was left (a last line without its newline) is handled.
     */
    public int read(byte[] buf) throws IOException {
        int available;
        synchronized (lock) {
            // Bytes already in the pipe are marked busy before the read takes them, so that awaitHandled never
            // sees them neither waiting nor busy; a blocking read only takes bytes that arrive while it waits.
            available = Math.min(available(), buf.length);
            busy = available > 0;
            lock.notifyAll();
        }
        int n = in.read(buf, 0, available > 0 ? available : buf.length);
        synchronized (lock) {
            busy = true;
        }
        return n;
    }

    /** The sender is done (stdin ended, or it failed): nothing more is handled. */
    public void ended() {
        synchronized (lock) {
            ended = true;
            busy = false;
            lock.notifyAll();
        }
    }

    /**
     * Waits, at most {@code within}, until what stdin has given so far, read or waiting in the pipe, has been
     * handled, or the sender ended; false when that took longer.
     */
    public boolean awaitHandled(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (lock) {
            while (!ended && (busy || available() > 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                // Bytes still in the pipe wake no one: look again shortly.
                lock.wait(Math.max(1, Math.min(10, left / 1_000_000)));
            }
            return true;
        }
    }

    private int available() {
        try {
            return Math.max(0, in.available());
        } catch (IOException e) {
            return 0;
        }
    }
}
