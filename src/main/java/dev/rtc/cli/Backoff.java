package dev.rtc.cli;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, capped: attempt n waits a random time up to
 * {@code min(cap, initial * 2^(n-1))}, never less than half of it, so a crowd of clients does not retry
 * in step. {@link #reset} after a success.
 */
public final class Backoff {
    private final long initialMs;
    private final long capMs;
    private int attempt;

    public Backoff(Duration initial, Duration cap) {
        this.initialMs = Math.max(1, initial.toMillis());
        this.capMs = Math.max(initialMs, cap.toMillis());
    }

    /** The attempt number the next {@link #nextDelayMs} is for (1 after a reset). */
    public int attempt() {
        return attempt + 1;
    }

    /** The delay before the next attempt, in milliseconds; each call counts one attempt. */
    public long nextDelayMs() {
        attempt++;
        long ceiling = attempt >= 40 ? capMs : Math.min(capMs, initialMs << Math.min(attempt - 1, 30));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    public void reset() {
        attempt = 0;
    }
}
