package dev.rtc.longpoll;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.http.Cursor;
import dev.rtc.http.Fetched;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Payloads;
import dev.rtc.output.Printer;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;

/** The long-poll loop of SPEC.md: print 200s, re-ask on "nothing yet", back off on failures, stop on other statuses. */
final class LongPoller {
    static final String BACKOFF_INITIAL = "250ms";
    static final String BACKOFF_CAP = "30s";

    private final HttpSession session;
    private final Printer printer;
    private final StopConditions stop;
    private final Cursor cursor;
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    private boolean answered;

    LongPoller(HttpSession session, Printer printer, StopConditions stop, Cursor cursor) {
        this.session = session;
        this.printer = printer;
        this.stop = stop;
        this.cursor = cursor;
    }

    int run() throws InterruptedException {
        for (long seq = 1; ; seq++) {
            HttpUrl url = cursor == null ? session.url() : cursor.apply(session.url());
            Fetched f;
            try {
                f = session.fetch(session.request(url).build());
            } catch (IOException e) {
                if (stop.finished()) return ExitCodes.OK;
                String problem = HttpSession.describe(e, url);
                if (!answered) throw new RtcException(problem);
                retryAfter(problem);
                continue;
            }
            answered = true;
            int s = f.status();
            if (s == 204 || s == 304 || s == 408 || s == 504) {
                backoff.reset();
            } else if (s == 200) {
                backoff.reset();
                if (print(f, url, seq)) return ExitCodes.OK;
            } else if (s >= 500) {
                retryAfter("HTTP " + f.statusLine() + " from " + url);
            } else {
                throw new RtcException("HTTP " + f.statusLine() + " from " + url);
            }
        }
    }

    private boolean print(Fetched f, HttpUrl url, long seq) {
        if (cursor != null) cursor.update(f.body(), printer::warn);
        if (f.body().length == 0) {
            printer.warn("HTTP 200 with an empty body from " + url + " (not printed)");
            return false;
        }
        byte[] message = f.message();
        printer.payload(message, f.fields(seq));
        return stop.accept(stop.needsText() ? Payloads.utf8OrNull(message) : null);
    }

    private void retryAfter(String problem) throws InterruptedException {
        printer.error(problem);
        int attempt = backoff.attempt();
        long delay = backoff.nextDelayMs();
        printer.reconnect(attempt, delay);
        Thread.sleep(delay);
    }
}
