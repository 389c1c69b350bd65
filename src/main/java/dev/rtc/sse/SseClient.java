package dev.rtc.sse;

import dev.rtc.cli.Durations;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Printer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The EventSource loop of the HTML standard (9.2.3): open the stream, hand its bytes to the parser,
 * and when it ends or fails, wait the reconnection time and reopen it with {@code Last-Event-ID}.
 * 204 ends the run (exit 0); another status than 200, or another type than {@code text/event-stream},
 * fails it without a retry (exit 1). Attempts that bring no event double the wait, up to {@link #BACKOFF_CAP_MS}.
 */
final class SseClient {
    static final long DEFAULT_RETRY_MS = 3000;
    static final long BACKOFF_CAP_MS = 30_000;
    static final long BACKOFF_FLOOR_MS = 50;

    /** What the command line asked for; {@code retry} and {@code heartbeatTimeout} may be null. */
    record Settings(Set<String> events, boolean raw, Duration retry, String lastEventId, boolean reconnect,
            Integer maxRetries, Duration heartbeatTimeout, int maxLine) {}

    private final HttpSession session;
    private final Printer printer;
    private final StopConditions stop;
    private final Settings settings;
    private String lastEventId;
    private volatile long serverRetryMs = DEFAULT_RETRY_MS;
    private boolean eventSeen;
    private boolean reading;
    private boolean opened;

    SseClient(HttpSession session, Printer printer, StopConditions stop, Settings settings) {
        this.session = session;
        this.printer = printer;
        this.stop = stop;
        this.settings = settings;
        this.lastEventId = settings.lastEventId() == null ? "" : settings.lastEventId();
    }

    int run() throws InterruptedException {
        int attempts = 0;
        while (true) {
            Ending end = connect();
            if (end == null || stop.finished()) return ExitCodes.OK;
            if (end.problem() == null) {
                printer.close(null, null);
            } else {
                printer.error(end.problem());
            }
            if (!settings.reconnect()) {
                if (end.problem() != null) throw new RtcException(end.problem());
                return ExitCodes.OK;
            }
            attempts = eventSeen ? 1 : attempts + 1;
            if (settings.maxRetries() != null && attempts > settings.maxRetries()) {
                throw new RtcException("gave up after " + settings.maxRetries() + " reconnection attempt"
                        + (settings.maxRetries() == 1 ? "" : "s") + " (--max-retries): "
                        + (end.problem() == null ? "the stream ended" : end.problem()));
            }
            long delay = delayMs(attempts);
            printer.reconnect(attempts, delay);
            Thread.sleep(delay);
        }
    }

    /** How a stream ended: {@code problem} says why it failed, null when the server ended it. */
    private record Ending(String problem) {}

    /**
     * One connection, from the request to the end of its stream; null when the run is over (a stop
     * condition, a 204). Fails the run when it must not be retried: a status or type that is not an event
     * stream, or a very first connection that cannot be made.
     */
    private Ending connect() {
        eventSeen = false;
        reading = false;
        Request request = request();
        try (Response response = session.execute(request)) {
            check(response);
            if (response.code() == 204) {
                printer.close(null, "HTTP 204 No Content: the server asks not to reconnect");
                return null;
            }
            opened = true;
            printer.open("connected to " + request.url() + (lastEventId.isEmpty() ? "" : " (Last-Event-ID: " + lastEventId + ")"),
                    Printer.fields("url", request.url().toString(), "last_event_id", lastEventId.isEmpty() ? null : lastEventId));
            return read(response) ? new Ending(null) : null;
        } catch (IOException e) {
            if (stop.finished()) return null;
            String problem = reading && e instanceof InterruptedIOException && settings.heartbeatTimeout() != null
                    ? "nothing received for " + Durations.format(settings.heartbeatTimeout()) + " (--heartbeat-timeout)"
                    : HttpSession.describe(e, request.url());
            if (!opened) throw new RtcException(problem);
            return new Ending(problem);
        }
    }

    /**
     * The reconnection time for the first attempt; each further attempt in a row that brought no event
     * doubles it (from at least {@link #BACKOFF_FLOOR_MS}, so that {@code retry: 0} cannot spin), up to
     * {@link #BACKOFF_CAP_MS}.
     */
    private long delayMs(int attempt) {
        long base = retryMs();
        if (attempt <= 1) return base;
        long cap = Math.max(base, BACKOFF_CAP_MS);
        long step = Math.max(base, BACKOFF_FLOOR_MS);
        return attempt > 31 ? cap : Math.min(cap, step << Math.min(attempt - 1, 20));
    }

    /** The reconnection time in effect: {@code --retry}, else the server's {@code retry}, else the default. */
    long retryMs() {
        return settings.retry() != null ? settings.retry().toMillis() : serverRetryMs;
    }

    private Request request() {
        Request.Builder b = session.request(session.url());
        Request base = b.build();
        Headers.Builder headers = base.headers().newBuilder();
        if (base.header("Accept") == null) headers.set("Accept", "text/event-stream");
        if (base.header("Cache-Control") == null) headers.set("Cache-Control", "no-cache");
        headers.removeAll("Last-Event-ID");
        // The standard sends the id as UTF-8, which OkHttp allows only through this door.
        if (!lastEventId.isEmpty()) headers.addUnsafeNonAscii("Last-Event-ID", lastEventId);
        return b.headers(headers.build()).build();
    }

    /** Fails (exit 1, no retry) on what the standard calls "fail the connection". */
    private static void check(Response response) {
        int code = response.code();
        if (code == 204) return;
        if (code != 200) {
            String reason = response.message().isEmpty() ? "" : " " + response.message();
            throw new RtcException("HTTP " + code + reason + " from " + response.request().url());
        }
        String type = response.header("Content-Type");
        MediaType media = type == null ? null : MediaType.parse(type);
        boolean eventStream = media != null && media.type().toLowerCase(Locale.ROOT).equals("text")
                && media.subtype().toLowerCase(Locale.ROOT).equals("event-stream");
        if (!eventStream) {
            throw new RtcException("not an event stream: Content-Type " + (type == null ? "missing" : type)
                    + " from " + response.request().url() + " (expected text/event-stream)");
        }
    }

    /** Reads the stream to its end; false when a stop condition was met. */
    private boolean read(Response response) throws IOException {
        if (settings.heartbeatTimeout() != null) {
            response.body().source().timeout().timeout(settings.heartbeatTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        EventStreamParser parser = new EventStreamParser(lastEventId, settings.maxLine(), new EventStreamParser.Listener() {
            @Override
            public boolean event(SseEvent e) {
                eventSeen = true;
                lastEventId = e.lastEventId();
                return print(e);
            }

            @Override
            public void retry(long millis) {
                serverRetryMs = millis;
            }
        });
        reading = true;
        InputStream in = response.body().byteStream();
        byte[] buffer = new byte[16 * 1024];
        printer.deferFlush(); // one flush per read, not one per event
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                try {
                    if (!parser.feed(buffer, 0, n)) return false;
                } finally {
                    printer.flush();
                }
            }
            parser.end();
        } finally {
            // An id dispatched without data still moves the last event ID (an event with data set it already).
            lastEventId = parser.lastEventId();
        }
        return true;
    }

    private boolean print(SseEvent e) {
        if (!settings.events().isEmpty() && !settings.events().contains(e.type())) return true;
        if (settings.raw()) {
            printer.text(e.toSse(), Printer.fields()); // the printer's line end is the blank line
        } else {
            printer.text(e.data(), !printer.json() ? Map.of() : Printer.fields("id",
                    e.lastEventId().isEmpty() ? null : e.lastEventId(), "event", e.type(), "retry", retryMs()));
        }
        return !stop.accept(e.data());
    }
}
