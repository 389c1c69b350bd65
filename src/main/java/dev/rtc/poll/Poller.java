package dev.rtc.poll;

import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.http.Cursor;
import dev.rtc.http.Fetched;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Printer;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** The poll loop: one request per interval, measured from request start, so slow answers do not drift it. */
final class Poller {
    private final HttpSession session;
    private final Printer printer;
    private final StopConditions stop;
    private final long intervalNanos;
    private final boolean changes;
    private final Cursor cursor;
    private final boolean fail;
    private String etag;
    private String lastModified;
    private byte[] lastBody;
    private boolean emptyReported;

    Poller(HttpSession session, Printer printer, StopConditions stop, Duration interval, boolean changes, Cursor cursor,
            boolean fail) {
        this.session = session;
        this.printer = printer;
        this.stop = stop;
        this.intervalNanos = interval.toNanos();
        this.changes = changes;
        this.cursor = cursor;
        this.fail = fail;
    }

    int run() throws InterruptedException {
        long next = System.nanoTime();
        for (long seq = 1; ; seq++) {
            HttpUrl url = cursor == null ? session.url() : cursor.apply(session.url());
            Request.Builder request = session.request(url);
            if (changes && etag != null) request.header("If-None-Match", etag);
            if (changes && lastModified != null) request.header("If-Modified-Since", lastModified);
            try {
                if (handle(session.fetch(request.build()), url, seq)) return ExitCodes.OK;
            } catch (IOException e) {
                if (stop.finished()) return ExitCodes.OK;
                problem(HttpSession.describe(e, url));
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } else {
                next = System.nanoTime(); // a request longer than the interval: the next one goes at once
            }
        }
    }

    /** True when a stop condition is met. */
    private boolean handle(Fetched f, HttpUrl url, long seq) {
        if (f.status() == 304) return false;
        if (!f.ok()) {
            problem("HTTP " + f.statusLine() + " from " + url);
            return false;
        }
        if (changes) {
            etag = f.headers().get("ETag");
            lastModified = f.headers().get("Last-Modified");
            if (lastBody != null && Arrays.equals(lastBody, f.body())) return false;
            lastBody = f.body();
        }
        if (cursor != null) cursor.update(f.body(), printer::warn);
        if (f.body().length == 0) {
            if (!emptyReported) printer.warn("HTTP " + f.statusLine() + " with an empty body from " + url + " (not printed)");
            emptyReported = true;
            return false;
        }
        emptyReported = false;
        byte[] message = f.message();
        printer.payload(message, f.fields(seq));
        return stop.accept(stop.needsText() ? dev.rtc.output.Payloads.utf8OrNull(message) : null);
    }

    private void problem(String message) {
        if (fail) throw new RtcException(message);
        printer.error(message);
    }
}
