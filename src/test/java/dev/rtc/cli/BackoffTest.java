package dev.rtc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithJitterUpToTheCapAndStartsOverAfterAReset() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (int i = 0; i < ceilings.length; i++) {
            assertEquals(i + 1, b.attempt());
            long d = b.nextDelayMs();
            assertTrue(d >= ceilings[i] / 2 && d <= ceilings[i], "attempt " + (i + 1) + ": " + d);
        }
        for (int i = 0; i < 100; i++) assertTrue(b.nextDelayMs() <= 1000);
        b.reset();
        assertEquals(1, b.attempt());
        assertTrue(b.nextDelayMs() <= 100);
    }
}
