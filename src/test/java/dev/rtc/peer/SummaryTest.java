package dev.rtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The -v closing line of rtc peer. */
class SummaryTest {
    @Test
    void theLineSaysBytesEachWayRatesTimeRoundTripAndPath() {
        PathStats.Stats stats = new PathStats.Stats(3L << 20, 512, 0.004, true, null, null, true);
        assertEquals("sent 3.0 MiB (1.5 MiB/s), received 512 B (256 B/s) in 2.00s, rtt 4ms, relay", Summary.of(stats, 2.0));
    }

    @Test
    void aRoundTripUnderTheMillisecondLibwebrtcCountsInIsNotZero() {
        assertEquals("<1ms", Summary.rtt(0.0));
        assertEquals("unknown", Summary.rtt(null));
        assertEquals("12ms", Summary.rtt(0.012));
    }

    @Test
    void sizesUseBinaryUnits() {
        assertEquals("1023 B", Summary.bytes(1023));
        assertEquals("1.5 KiB", Summary.bytes(1536));
        assertEquals("100.0 MiB", Summary.bytes(100L << 20));
        assertEquals("2.00 GiB", Summary.bytes(2L << 30));
    }

    @Test
    void noStatisticsIsSaid() {
        assertEquals("no statistics (getStats did not answer)", Summary.of(null, 1.0));
    }
}
