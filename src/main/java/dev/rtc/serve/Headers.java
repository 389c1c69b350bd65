package dev.rtc.serve;

/** Response headers of rtc's own. */
final class Headers {
    /**
     * How many messages after the requested {@code since} (or {@code Last-Event-ID}) are no longer in the
     * history: the client resumes from the oldest retained and knows what it lost.
     */
    static final String MISSED = "X-Rtc-Missed";

    private Headers() {}
}
