package dev.rtc.poll;

import dev.rtc.cli.RtcException;
import dev.rtc.client.ClientListener;
import dev.rtc.http.Fetched;
import dev.rtc.http.HttpError;
import dev.rtc.http.HttpSession;
import dev.rtc.http.ResponseMessages;
import dev.rtc.http.SessionClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Polling as a library: one request per interval, measured from request start so slow answers do not
 * drift it, each 2xx body (or each element of its {@code each} array) one message to the listener. Poll
 * has no connection to open or close, so the listener hears only messages, warnings and problems. When
 * the very first request cannot connect, {@link #run} fails at once; later failures and HTTP errors are
 * {@link ClientListener#problem problems} and polling goes on, unless {@link Settings#fail}.
 */
public final class PollClient extends SessionClient {
    /**
     * What to poll for.
     *
     * @param interval       from the start of one request to the start of the next; zero asks again at once
     * @param changes        hand on a body only when it changed (validators when offered, else the bytes)
     * @param cursor         a JSON pointer whose value in each body is sent as {@code cursorParam} next time, or null
     * @param cursorParam    the query parameter for the cursor
     * @param each           a JSON pointer to an array in each body whose elements are the messages, or null
     * @param fail           end the run at the first HTTP error or network failure
     * @param maxMessageSize the longest body accepted, counted as decoded (gzip included)
     */
    public record Settings(Duration interval, boolean changes, String cursor, String cursorParam, String each,
            boolean fail, long maxMessageSize) {
        /** Every {@code interval}, whole bodies, nothing else: rtc poll's defaults. */
        public static Settings every(Duration interval) {
            return new Settings(interval, false, null, "since", null, false, ResponseMessages.DEFAULT_MAX_MESSAGE_SIZE);
        }
    }

    private final Settings settings;
    private final ResponseMessages messages;
    private String etag;
    private String lastModified;
    private byte[] lastBody;
    private boolean emptyReported;
    private boolean answered;

    private PollClient(HttpSession session, Settings settings, ClientListener listener) {
        super(session, listener);
        if (settings.interval().isNegative()) throw new IllegalArgumentException("a negative interval");
        this.settings = settings;
        this.messages = new ResponseMessages(settings.cursor(), settings.cursorParam(), settings.each());
    }

    /** A poll client for {@code session}'s request; a usage error for a malformed cursor or each pointer. */
    public static PollClient create(HttpSession session, Settings settings, ClientListener listener) {
        return new PollClient(session, settings, listener);
    }

    @Override
    public void run() throws InterruptedException {
        long intervalNanos = settings.interval().toNanos();
        long next = System.nanoTime();
        for (long seq = 1; !closed(); seq++) {
            HttpUrl url = messages.next(session.url());
            Request.Builder request = session.request(url);
            if (settings.changes() && etag != null) request.header("If-None-Match", etag);
            if (settings.changes() && lastModified != null) request.header("If-Modified-Since", lastModified);
            try {
                Fetched f = session.fetch(request.build(), settings.maxMessageSize());
                answered = true;
                handle(f, url, seq);
            } catch (HttpSession.BodyTooLarge e) {
                answered = true;
                problem(e.getMessage());
            } catch (IOException e) {
                if (closed()) return;
                String problem = HttpSession.describe(e, url);
                if (!answered) throw new RtcException(problem); // the first request: nothing to keep polling for
                problem(problem);
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait <= 0) {
                next = System.nanoTime(); // a request longer than the interval: the next one goes at once
            } else if (pause(wait)) {
                return;
            }
        }
    }

    private void handle(Fetched f, HttpUrl url, long seq) {
        if (f.status() == 304) return;
        if (!f.ok()) {
            problem(HttpError.describe(f.status(), f.reason(), f.headers().get("Content-Type"), f.body(), f.body().length, url));
            return;
        }
        if (settings.changes()) {
            etag = f.headers().get("ETag");
            lastModified = f.headers().get("Last-Modified");
            if (lastBody != null && Arrays.equals(lastBody, f.body())) return;
            lastBody = f.body();
        }
        if (!messages.deliver(f, seq, this::deliver, listener::warning)) {
            if (!emptyReported) listener.warning("HTTP " + f.statusLine() + " with an empty body from " + url + " (not printed)");
            emptyReported = true;
            return;
        }
        emptyReported = false;
    }

    private void problem(String message) {
        if (settings.fail()) throw new RtcException(message);
        listener.problem(message);
    }
}
