package dev.rtc.cli;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = SECONDS)
class StopConditionsTest {

    @Test
    void countIsMetByTheNthMessage() throws InterruptedException {
        StopConditions stop = new StopConditions(3, null, null);

        assertFalse(stop.accept("a"));
        assertFalse(stop.accept("b"));
        assertFalse(stop.finished());
        assertTrue(stop.accept("c"));

        assertTrue(stop.finished());
        assertEquals(3, stop.received());
        assertEquals(ExitCodes.OK, stop.await());
    }

    @Test
    void onlyUntilNeedsTheMessagesText() {
        assertFalse(new StopConditions(3, null, Duration.ofSeconds(1)).needsText());
        assertTrue(new StopConditions(null, Pattern.compile("x"), null).needsText());
        assertFalse(StopConditions.none().needsText());
    }

    @Test
    void untilIsMetByTheFirstMatchingMessageSearchedNotAnchored() throws InterruptedException {
        StopConditions stop = new StopConditions(null, Pattern.compile("do+ne"), null);

        assertFalse(stop.accept("working"));
        assertTrue(stop.accept("all dooone here"));

        assertEquals(ExitCodes.OK, stop.await());
    }

    @Test
    void timeoutBeforeCountEndsWithThree() throws InterruptedException {
        StopConditions stop = new StopConditions(5, null, Duration.ofMillis(100));
        stop.accept("only one");

        long start = System.nanoTime();
        int code = stop.await();
        long waitedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ExitCodes.TIMEOUT, code);
        assertTrue(waitedMs >= 90 && waitedMs < 2_000, "waited " + waitedMs + "ms");
        assertTrue(stop.finished());
    }

    @Test
    void theFirstFinishWins() throws InterruptedException {
        StopConditions stop = new StopConditions(1, null, Duration.ofMillis(50));

        assertTrue(stop.finish(ExitCodes.FAILURE));
        assertFalse(stop.finish(ExitCodes.OK));
        assertTrue(stop.accept("late message"), "count is met, though the run already ended");

        assertEquals(ExitCodes.FAILURE, stop.await());
    }

    @Test
    void aStopConditionMetBeforeTheTimeoutIsNotATimeout() throws InterruptedException {
        StopConditions stop = new StopConditions(1, null, Duration.ofMillis(50));
        stop.accept("x");

        Thread.sleep(100);

        assertEquals(ExitCodes.OK, stop.await());
    }

    @Test
    void withoutConditionsOnlyAFinishEndsTheRun() throws InterruptedException {
        StopConditions stop = StopConditions.none();

        assertFalse(stop.accept("anything"));
        assertFalse(stop.awaitsMessages());
        Thread finisher = new Thread(() -> stop.finish(ExitCodes.OK));
        finisher.start();

        assertEquals(ExitCodes.OK, stop.await());
        finisher.join();
    }

    @Test
    void awaitsMessagesOnlyWhenCountOrUntilWasGiven() {
        assertTrue(new StopConditions(1, null, null).awaitsMessages());
        assertTrue(new StopConditions(null, Pattern.compile("x"), null).awaitsMessages());
        assertFalse(new StopConditions(null, null, Duration.ofSeconds(1)).awaitsMessages());
    }
}
