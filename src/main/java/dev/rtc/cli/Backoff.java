package dev.rtc.cli;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter, capped: attempt n waits a random time between half of
 * {@code min(cap, initial * 2^(n-1))} and all of it, so a crowd of clients does not retry in step while
 * none retries at once. {@link #reset} after a success. Every client that retries on its own uses
 * {@link #standard()}, whose figures {@link #HELP} states for the help texts.
 */
public final class Backoff {
    /** The first delay of {@link #standard()}. */
    public static final Duration INITIAL = Duration.ofMillis(250);
    /** The longest delay of {@link #standard()}. */
    public static final Duration CAP = Duration.ofSeconds(30);
    /** The standard backoff in words, for the help texts of the commands that use it. */
    public static final String HELP = "exponential backoff from 250ms, doubling up to 30s, with jitter";

    private final long initialMs;
    private final long capMs;
    private int attempt;

    public Backoff(Duration initial, Duration cap) {
        this.initialMs = Math.max(1, initial.toMillis());
        this.capMs = Math.max(initialMs, cap.toMillis());
    }

    /** rtc's backoff for reconnections and retries: {@link #INITIAL} doubling up to {@link #CAP}. */
    public static Backoff standard() {
        return new Backoff(INITIAL, CAP);
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
