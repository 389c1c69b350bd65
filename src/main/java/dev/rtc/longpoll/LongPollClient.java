package dev.rtc.longpoll;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.RtcException;
import dev.rtc.client.ClientListener;
import dev.rtc.http.Fetched;
import dev.rtc.http.HttpError;
import dev.rtc.http.HttpSession;
import dev.rtc.http.ResponseMessages;
import dev.rtc.http.SessionClient;
import java.io.IOException;
import okhttp3.HttpUrl;

/**
 * Long polling as a library (SPEC.md): requests in a loop, each 200 body (or each element of its
 * {@code each} array) one message; 204, 304, 408 and 504 ask again at once; network failures and other
 * 5xx retry after {@link Backoff#standard()}; other statuses, and a body over the size limit, end the run.
 * When the very first request cannot connect, {@link #run} fails at once.
 */
public final class LongPollClient extends SessionClient {
    /**
     * @param cursor         a JSON pointer whose value in each body is sent as {@code cursorParam} next time, or null
     * @param cursorParam    the query parameter for the cursor
     * @param each           a JSON pointer to an array in each body whose elements are the messages, or null
     * @param maxMessageSize the longest body accepted, counted as decoded (gzip included)
     */
    public record Settings(String cursor, String cursorParam, String each, long maxMessageSize) {
        /** Whole bodies, no cursor: rtc longpoll's defaults. */
        public static Settings defaults() {
            return new Settings(null, "since", null, ResponseMessages.DEFAULT_MAX_MESSAGE_SIZE);
        }
    }

    private final long maxMessageSize;
    private final ResponseMessages messages;
    private final Backoff backoff = Backoff.standard();
    private boolean answered;

    private LongPollClient(HttpSession session, Settings settings, ClientListener listener) {
        super(session, listener);
        this.maxMessageSize = settings.maxMessageSize();
        this.messages = new ResponseMessages(settings.cursor(), settings.cursorParam(), settings.each());
    }

    /** A long-poll client for {@code session}'s request; a usage error for a malformed cursor or each pointer. */
    public static LongPollClient create(HttpSession session, Settings settings, ClientListener listener) {
        return new LongPollClient(session, settings, listener);
    }

    @Override
    public void run() throws InterruptedException {
        for (long seq = 1; !closed(); seq++) {
            HttpUrl url = messages.next(session.url());
            Fetched f;
            try {
                f = session.fetch(session.request(url).build(), maxMessageSize);
            } catch (HttpSession.BodyTooLarge e) {
                throw new RtcException(e.getMessage());
            } catch (IOException e) {
                if (closed()) return;
                String problem = HttpSession.describe(e, url);
                if (!answered) throw new RtcException(problem);
                if (retryAfter(problem)) return;
                continue;
            }
            answered = true;
            int s = f.status();
            if (s == 204 || s == 304 || s == 408 || s == 504) {
                backoff.reset();
            } else if (s == 200) {
                backoff.reset();
                if (!messages.deliver(f, seq, this::deliver, listener::warning)) {
                    listener.warning("HTTP 200 with an empty body from " + url + " (not printed)");
                }
            } else {
                String problem = HttpError.describe(s, f.reason(), f.headers().get("Content-Type"), f.body(), f.body().length, url);
                if (s < 500) throw new RtcException(problem);
                if (retryAfter(problem)) return;
            }
        }
    }

    /** Reports the problem and waits the backoff's next delay; true when the client was closed meanwhile. */
    private boolean retryAfter(String problem) throws InterruptedException {
        listener.problem(problem);
        int attempt = backoff.attempt();
        return reconnectAfter(attempt, backoff.nextDelayMs());
    }
}
