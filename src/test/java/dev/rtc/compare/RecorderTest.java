package dev.rtc.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecorderTest {
    @Test
    void countsDeliveredLostDuplicatedAndReordered() {
        Recorder r = new Recorder();
        long t0 = 1_000_000_000L;
        r.record(new Probe(1, t0), t0 + 1_000_000);      // 1 ms
        r.record(new Probe(3, t0), t0 + 2_000_000);      // 2 ms
        r.record(new Probe(2, t0), t0 + 3_000_000);      // 3 ms, out of order
        r.record(new Probe(3, t0), t0 + 4_000_000);      // duplicate: no latency sample
        r.other();
        Recorder.Tally t = r.tally(5);
        assertEquals(3, t.delivered());
        assertEquals(2, t.lost());
        assertEquals(1, t.duplicated());
        assertEquals(1, t.outOfOrder());
        assertEquals(1, t.others());
        assertEquals(2.0, t.millisAt(50), 0.01);
        assertEquals(3.0, t.maxMillis(), 0.01);
    }

    @Test
    void subscribersOfATechniqueAddUp() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        a.record(new Probe(1, 0), 1_000_000);
        b.record(new Probe(2, 0), 5_000_000);
        Recorder.Tally t = a.tally(2).plus(b.tally(2));
        assertEquals(2, t.delivered());
        assertEquals(2, t.lost());
        assertEquals(5.0, t.maxMillis(), 0.01);
        assertEquals(Double.NaN, Recorder.Tally.empty().millisAt(50));
    }
}
