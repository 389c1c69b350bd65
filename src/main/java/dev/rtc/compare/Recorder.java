package dev.rtc.compare;

import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * What one subscriber received, by the sequence numbers in the probes: delivered (each number once),
 * duplicated (a number again), out of order (a number below one already seen), and the latency from
 * the publish call to receipt. Messages are numbered 1..expected; lost is whatever never arrived.
 * Thread-safe: a client reports from its own thread while the run reads progress from another.
 */
final class Recorder {
    /** Latencies up to an hour, three significant digits: plenty for a poll interval under --rtt. */
    private static final long MAX_NANOS = 3_600_000_000_000L;

    private final BitSet seen = new BitSet();
    private final Histogram latency = new Histogram(MAX_NANOS, 3);
    private long delivered;
    private long duplicated;
    private long outOfOrder;
    private long highest;
    private long lastNanos;
    private long others;

    synchronized void record(Probe p, long receivedNanos) {
        int seq = (int) Math.min(p.seq(), Integer.MAX_VALUE);
        lastNanos = receivedNanos;
        if (seen.get(seq)) {
            duplicated++;
            return;
        }
        seen.set(seq);
        delivered++;
        if (p.seq() < highest) outOfOrder++;
        highest = Math.max(highest, p.seq());
        latency.recordValue(Math.min(MAX_NANOS, Math.max(0, receivedNanos - p.publishNanos())));
    }

    /** A message that carried no probe (e.g. a topic's older message when resuming from its start). */
    synchronized void other() {
        others++;
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized boolean has(long seq) {
        return seq <= Integer.MAX_VALUE && seen.get((int) seq);
    }

    /** {@link System#nanoTime()} of the last message, 0 before the first. */
    synchronized long lastNanos() {
        return lastNanos;
    }

    synchronized Tally tally(long expected) {
        long counted = seen.get(1, (int) Math.min(expected, Integer.MAX_VALUE - 1) + 1).cardinality();
        return new Tally(delivered, Math.max(0, expected - counted), duplicated, outOfOrder, others, latency.copy());
    }

    /** A snapshot: {@code lost} is {@code expected} minus the numbers 1..expected that arrived. */
    record Tally(long delivered, long lost, long duplicated, long outOfOrder, long others, Histogram latency) {

        static Tally empty() {
            return new Tally(0, 0, 0, 0, 0, new Histogram(MAX_NANOS, 3));
        }

        /** Several subscribers of one technique as one: counts summed, latencies merged. */
        Tally plus(Tally o) {
            Histogram h = latency.copy();
            h.add(o.latency);
            return new Tally(delivered + o.delivered, lost + o.lost, duplicated + o.duplicated,
                    outOfOrder + o.outOfOrder, others + o.others, h);
        }

        /** Latency at this percentile in milliseconds, NaN with no samples. */
        double millisAt(double percentile) {
            if (latency.getTotalCount() == 0) return Double.NaN;
            return latency.getValueAtPercentile(percentile) / 1e6;
        }

        double maxMillis() {
            if (latency.getTotalCount() == 0) return Double.NaN;
            return latency.getMaxValue() / 1e6;
        }
    }
}
