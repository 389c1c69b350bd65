package dev.rtc.compare;

/**
 * One technique's measured line of the table.
 *
 * @param expected      messages each subscriber should have received (messages × subscribers in total)
 * @param tally         the subscribers' counts and latencies together
 * @param upstream      client → other client through the same technique, for two-way ones; null otherwise
 * @param requests      HTTP requests (WebSocket handshakes included) the clients made
 * @param connections   TCP connections through the relay
 * @param bytesUp       every byte from the clients to the server, as the relay counted them
 * @param bytesDown     every byte from the server to the clients
 * @param recoveryMs    under --chaos, the slowest subscriber's time from the cut to its next message; NaN otherwise
 * @param outcome       whether it kept its promise, failed, or was skipped
 * @param note          why, for a person; empty when there is nothing to say
 */
record Row(Technique technique, int subscribers, long expected, Recorder.Tally tally, Recorder.Tally upstream,
        long requests, long connections, long reconnections, long bytesUp, long bytesDown, double recoveryMs,
        Outcome outcome, String note) {

    enum Outcome {
        /** Delivered what its semantics promise. */
        KEPT,
        /** Lost, duplicated or reordered what it promises not to, or its client failed. */
        BROKEN,
        /** Not run here (no way to run it, or not asked for): not a failure. */
        SKIPPED
    }

    static Row skipped(Technique t, String why) {
        return new Row(t, 0, 0, Recorder.Tally.empty(), null, 0, 0, 0, 0, 0, Double.NaN, Outcome.SKIPPED, why);
    }

    /** Bytes per delivered message, NaN with none delivered. */
    double perMessage(long bytes) {
        return tally.delivered() == 0 ? Double.NaN : (double) bytes / tally.delivered();
    }
}
