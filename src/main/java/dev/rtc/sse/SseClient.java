package dev.rtc.sse;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.Durations;
import dev.rtc.cli.RtcException;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.http.HttpSession;
import dev.rtc.http.SessionClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An EventSource as a library, the loop of the HTML standard (9.2.3): open the stream, hand its bytes
 * to the parser, and when it ends or fails, wait the reconnection time and reopen it with
 * {@code Last-Event-ID}. 204 ends the run; another status than 200, or another type than
 * {@code text/event-stream}, fails it without a retry. Attempts that bring no event double the wait, up
 * to {@link #BACKOFF_CAP_MS}. Each event's wire bytes are the bytes of the stream it took, from the end of
 * the previous event to its blank line (comments and fields included).
 *
 * <p>The standard lets the server set the reconnection time ({@code retry:}) and lets a user agent wait
 * longer; a server's {@code retry} below {@link #MIN_SERVER_RETRY_MS} counts as that minimum, so that
 * {@code retry: 0} and one empty event per connection cannot make the client reconnect hundreds of times
 * a second. {@link Settings#retry} (the user's own choice) is taken as given.
 */
public final class SseClient extends SessionClient {
    /** The reconnection time until the server sets one: 3 seconds, as browsers use. */
    public static final long DEFAULT_RETRY_MS = 3000;
    /**
     * The shortest reconnection time taken from a server's {@code retry} field: the first delay of
     * {@link Backoff#standard()} (a constant, for the help text; SseClientTest holds the two together).
     */
    public static final long MIN_SERVER_RETRY_MS = 250;
    /** The longest wait between attempts: {@link Backoff#CAP}, as a constant for the help text. */
    static final long BACKOFF_CAP_MS = 30_000;
    static final long BACKOFF_FLOOR_MS = 50;

    /**
     * What to read.
     *
     * @param events           the event types to hand on; empty for all
     * @param raw              a message is the event in SSE syntax ({@code id:}, {@code event:}, {@code retry:},
     *                         {@code data:} lines), not its data
     * @param retry            the reconnection time instead of the server's, or null
     * @param lastEventId      the id to start from (sent as {@code Last-Event-ID}), or null
     * @param reconnect        reconnect when the stream ends or fails
     * @param maxRetries       fail after this many reconnection attempts in a row that bring no event, or null
     * @param heartbeatTimeout reconnect when nothing at all arrives for this long, or null
     * @param maxLine          the longest line, and event data, accepted
     */
    public record Settings(Set<String> events, boolean raw, Duration retry, String lastEventId, boolean reconnect,
            Integer maxRetries, Duration heartbeatTimeout, int maxLine) {
        /** Every event, reconnecting for ever as a browser does, lines up to 4 MiB: rtc sse's defaults. */
        public static Settings defaults() {
            return new Settings(Set.of(), false, null, null, true, null, null, 4 << 20);
        }
    }

    private final Settings settings;
    private String lastEventId;
    private volatile long serverRetryMs = DEFAULT_RETRY_MS;
    private boolean eventSeen;
    private boolean reading;
    private boolean opened;

    private SseClient(HttpSession session, Settings settings, ClientListener listener) {
        super(session, listener);
        this.settings = settings;
        this.lastEventId = settings.lastEventId() == null ? "" : settings.lastEventId();
    }

    /** An event source for {@code session}'s request (any method and body: LLM streams are POSTs). */
    public static SseClient create(HttpSession session, Settings settings, ClientListener listener) {
        return new SseClient(session, settings, listener);
    }

    /**
     * Reads and reconnects until {@link #close}, a 204, the end of a stream without {@code reconnect}, or
     * a failure: a status or type that is not an event stream, a very first connection that cannot be
     * made, too many attempts in a row without an event.
     */
    @Override
    public void run() throws InterruptedException {
        int attempts = 0;
        while (true) {
            Ending end = connect();
            if (end == null || closed()) return;
            if (end.problem() == null) {
                listener.closed(null, null);
            } else {
                listener.problem(end.problem());
            }
            if (!settings.reconnect()) {
                if (end.problem() != null) throw new RtcException(end.problem());
                return;
            }
            attempts = eventSeen ? 1 : attempts + 1;
            if (settings.maxRetries() != null && attempts > settings.maxRetries()) {
                throw new RtcException("gave up after " + settings.maxRetries() + " reconnection attempt"
                        + (settings.maxRetries() == 1 ? "" : "s") + " (--max-retries): "
                        + (end.problem() == null ? "the stream ended" : end.problem()));
            }
            if (reconnectAfter(attempts, delayMs(attempts))) return;
        }
    }

    /** How a stream ended: {@code problem} says why it failed, null when the server ended it. */
    private record Ending(String problem) {}

    /**
     * One connection, from the request to the end of its stream; null when the run is over (closed, a
     * 204). Fails the run when it must not be retried: a status or type that is not an event stream, or a
     * very first connection that cannot be made.
     */
    private Ending connect() {
        eventSeen = false;
        reading = false;
        Request request = request();
        try (Response response = session.execute(request)) {
            check(response);
            if (response.code() == 204) {
                listener.closed(null, "HTTP 204 No Content: the server asks not to reconnect");
                return null;
            }
            opened = true;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("url", request.url().toString());
            fields.put("last_event_id", lastEventId.isEmpty() ? null : lastEventId);
            listener.opened("connected to " + request.url() + (lastEventId.isEmpty() ? "" : " (Last-Event-ID: " + lastEventId + ")"),
                    fields);
            read(response);
            return new Ending(null);
        } catch (IOException e) {
            if (closed()) return null;
            String problem = reading && e instanceof InterruptedIOException && settings.heartbeatTimeout() != null
                    ? "nothing received for " + Durations.format(settings.heartbeatTimeout()) + " (--heartbeat-timeout)"
                    : HttpSession.describe(e, request.url());
            if (!opened) throw new RtcException(problem);
            return new Ending(problem);
        }
    }

    /**
     * The reconnection time for the first attempt; each further attempt in a row that brought no event
     * doubles it (from at least {@link #BACKOFF_FLOOR_MS}, so that {@code --retry 0} cannot spin), up to
     * {@link #BACKOFF_CAP_MS}.
     */
    private long delayMs(int attempt) {
        long base = retryMs();
        if (attempt <= 1) return base;
        long cap = Math.max(base, BACKOFF_CAP_MS);
        long step = Math.max(base, BACKOFF_FLOOR_MS);
        return attempt > 31 ? cap : Math.min(cap, step << Math.min(attempt - 1, 20));
    }

    /** The reconnection time in effect: {@code --retry}, else the server's {@code retry} (at least the minimum), else the default. */
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

    /** Fails (no retry) on what the standard calls "fail the connection". */
    private void check(Response response) {
        int code = response.code();
        if (code == 204) return;
        if (code != 200) throw new RtcException(session.error(response));
        String type = response.header("Content-Type");
        MediaType media = type == null ? null : MediaType.parse(type);
        boolean eventStream = media != null && media.type().toLowerCase(Locale.ROOT).equals("text")
                && media.subtype().toLowerCase(Locale.ROOT).equals("event-stream");
        if (!eventStream) {
            throw new RtcException("not an event stream: Content-Type " + (type == null ? "missing" : type)
                    + " from " + response.request().url() + " (expected text/event-stream)");
        }
    }

    /** Reads the stream to its end (or until {@link #close}, which makes the next read fail). */
    private void read(Response response) throws IOException {
        if (settings.heartbeatTimeout() != null) {
            response.body().source().timeout().timeout(settings.heartbeatTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        EventStreamParser[] parser = new EventStreamParser[1];
        parser[0] = new EventStreamParser(lastEventId, settings.maxLine(), new EventStreamParser.Listener() {
            @Override
            public boolean event(SseEvent e) {
                eventSeen = true;
                lastEventId = e.lastEventId();
                deliver(e, parser[0].eventBytes());
                return true;
            }

            @Override
            public void retry(long millis) {
                serverRetryMs = Math.max(millis, MIN_SERVER_RETRY_MS);
            }
        });
        reading = true;
        InputStream in = response.body().byteStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                try {
                    parser[0].feed(buffer, 0, n);
                } finally {
                    listener.flush();
                }
            }
            parser[0].end();
        } finally {
            // An id dispatched without data still moves the last event ID (an event with data set it already).
            lastEventId = parser[0].lastEventId();
        }
    }

    private void deliver(SseEvent e, long wireBytes) {
        if (!settings.events().isEmpty() && !settings.events().contains(e.type())) return;
        Map<String, Object> fields = new LinkedHashMap<>();
        byte[] data;
        if (settings.raw()) {
            data = e.toSse().getBytes(StandardCharsets.UTF_8); // a printer's line end is the blank line
        } else {
            data = e.data().getBytes(StandardCharsets.UTF_8);
            fields.put("id", e.lastEventId().isEmpty() ? null : e.lastEventId());
            fields.put("event", e.type());
            fields.put("retry", retryMs());
        }
        deliver(new Received(data, 0, data.length, false, System.nanoTime(), wireBytes, fields));
    }
}
