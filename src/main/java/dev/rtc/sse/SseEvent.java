package dev.rtc.sse;

/**
 * One dispatched event, as an EventSource would hand it to a listener, plus what its block said
 * explicitly (for {@code --raw}).
 *
 * @param type        the event type: the {@code event} field, {@code message} when it was absent or empty
 * @param data        the {@code data} lines joined with LF
 * @param lastEventId the stream's last event ID when the event was dispatched ({@code MessageEvent.lastEventId})
 * @param id          the {@code id} field of this event's block, or null when it had none
 * @param retry       the {@code retry} field of this event's block in milliseconds, or null
 */
record SseEvent(String type, String data, String lastEventId, String id, Long retry) {
    static final String DEFAULT_TYPE = "message";

    /** The event's fields in SSE syntax, each line ended; the blank line that dispatches it is the caller's. */
    String toSse() {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (id != null) field(sb, "id", id);
        if (!type.equals(DEFAULT_TYPE)) field(sb, "event", type);
        if (retry != null) field(sb, "retry", retry.toString());
        int start = 0;
        for (int i = 0, n = data.length(); i <= n; i++) {
            if (i == n || data.charAt(i) == '\n') {
                field(sb, "data", data.substring(start, i));
                start = i + 1;
            }
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(':');
        if (!value.isEmpty()) sb.append(' ').append(value);
        sb.append('\n');
    }
}
