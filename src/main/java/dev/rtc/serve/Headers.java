package dev.rtc.serve;

/** Response headers of rtc's own. */
final class Headers {
    /**
     * How many messages after the requested {@code since} (or {@code Last-Event-ID}) are no longer in the
     * history: the client resumes from the oldest retained and knows what it lost.
     */
    static final String MISSED = "X-Rtc-Missed";

    /** With --redis: the topic's epoch; ids restart in a new one (pass it back as {@code epoch=}). */
    static final String EPOCH = "X-Rtc-Epoch";

    private Headers() {}
}
