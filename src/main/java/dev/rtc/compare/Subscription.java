package dev.rtc.compare;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber of one technique: the listener its client reports to, which unwraps each received
 * message into probes for its {@link Recorder}, and what the run needs to know besides (open, warmed
 * up, reconnections, the first message after a cut).
 */
final class Subscription implements ClientListener {
    final Technique technique;
    final Recorder recorder = new Recorder();
    private final AtomicLong reconnections = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private volatile boolean opened;
    private volatile boolean warm;
    private volatile long cutNanos;
    private volatile long cutSeq;
    private volatile long recoveredNanos;
    private volatile String problem;
    volatile Client client;
    volatile Throwable failure;
    volatile boolean ended;

    Subscription(Technique technique) {
        this.technique = technique;
    }

    @Override
    public void opened(String description, Map<String, ?> fields) {
        opened = true;
    }

    @Override
    public void message(Received r) {
        opened = true;
        if (technique == Technique.POLL || technique == Technique.LONGPOLL) {
            // any answer sets the cursor, and the first asked from since=0: nothing published from now on is missed
            warm = true;
            Unwrap.Batch b = Unwrap.body(r);
            missed.addAndGet(b.missed());
            for (Probe p : b.probes()) record(p, r.receivedNanos());
        } else {
            record(Unwrap.payload(r), r.receivedNanos());
        }
    }

    private void record(Probe p, long receivedNanos) {
        if (p == null) {
            recorder.other();
            warm = true;
        } else {
            if (cutNanos != 0 && recoveredNanos == 0 && p.seq() > cutSeq) recoveredNanos = receivedNanos;
            recorder.record(p, receivedNanos);
        }
    }

    @Override
    public void reconnecting(int attempt, long delayMs) {
        reconnections.incrementAndGet();
    }

    @Override
    public void problem(String message) {
        problem = message;
    }

    boolean opened() {
        return opened;
    }

    /** It has received a message that is not a probe: the warm-up the run publishes until every subscriber hears it. */
    boolean warm() {
        return warm;
    }

    /** The connections were cut at {@code nanos}, right after message {@code seq} was published. */
    void cutAt(long nanos, long seq) {
        recoveredNanos = 0;
        cutSeq = seq;
        cutNanos = nanos;
    }

    /**
     * Milliseconds from the cut to the receipt of the first message published after it (what was already on
     * its way does not count); NaN when none came or there was no cut.
     */
    double recoveryMillis() {
        long cut = cutNanos;
        long back = recoveredNanos;
        return cut == 0 || back == 0 ? Double.NaN : (back - cut) / 1e6;
    }

    long reconnections() {
        return reconnections.get();
    }

    /** Messages the server said it no longer had when this subscriber asked (poll and long poll bodies). */
    long missed() {
        return missed.get();
    }

    /** The last failure the client survived, for the table's note; null if none. */
    String problem() {
        return problem;
    }
}
