package dev.rtc.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A running command's answer to "are we done yet?". Clients report each message with {@link #accept};
 * whoever ends the run (a stop condition, the stream ending, a failure) calls {@link #finish}; the
 * command thread waits in {@link #await} and returns the exit code. The first finish wins.
 */
public final class StopConditions {
    private final Integer count;
    private final Pattern until;
    private final Duration timeout;
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger outcome = new AtomicInteger(Integer.MIN_VALUE);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile AutoCloseable closing;

    StopConditions(Integer count, Pattern until, Duration timeout) {
        this.count = count;
        this.until = until;
        this.timeout = timeout;
    }

    public static StopConditions none() {
        return new StopConditions(null, null, null);
    }

    /** Counts a received message; true when it met {@code --count} or {@code --until} and the run is now over. */
    public boolean accept(String data) {
        long n = received.incrementAndGet();
        boolean met = (count != null && n >= count) || (until != null && data != null && until.matcher(data).find());
        if (met) finish(ExitCodes.OK);
        return met;
    }

    /** Whether {@link #accept} looks at the message's text ({@code --until}); else it may be given null. */
    public boolean needsText() {
        return until != null;
    }

    /** Whether a stop condition was given that only messages can meet (so an ended stream is not "done"). */
    public boolean awaitsMessages() {
        return count != null || until != null;
    }

    /** Why an end is a failure: {@code "the connection ended after 1 message, before --count 3 was met"}. */
    public String unmet() {
        long n = received.get();
        String what = count != null && until != null ? "--count " + count + " or --until"
                : count != null ? "--count " + count : "--until";
        return "the connection ended after " + n + " message" + (n == 1 ? "" : "s") + ", before " + what + " was met";
    }

    public boolean finished() {
        return done.getCount() == 0;
    }

    public long received() {
        return received.get();
    }

    /** Ends the run with this exit code unless it has already ended. */
    public boolean finish(int exitCode) {
        if (outcome.compareAndSet(Integer.MIN_VALUE, exitCode)) {
            done.countDown();
            closeClient();
            return true;
        }
        return false;
    }

    /**
     * Closes {@code client} on the thread that ends the run, at that moment: a client that met
     * {@code --count} in its listener then starts no further request before the command thread wakes.
     * Its close must not wait for its own thread.
     */
    public StopConditions closing(AutoCloseable client) {
        closing = client;
        if (finished()) closeClient();
        return this;
    }

    private void closeClient() {
        AutoCloseable c = closing;
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            // ClientRun closes it again and reports what matters
        }
    }

    /** Blocks until the run ends; the exit code, or 3 when {@code --timeout} passed first. */
    public int await() throws InterruptedException {
        if (timeout == null) {
            done.await();
        } else if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            finish(ExitCodes.TIMEOUT);
        }
        return outcome.get();
    }
}
