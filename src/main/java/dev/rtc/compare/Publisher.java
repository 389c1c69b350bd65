package dev.rtc.compare;

import dev.rtc.cli.RtcException;
import dev.rtc.http.Fetched;
import dev.rtc.http.HttpSession;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Publishes the run's probes with {@code POST /publish/{topic}}, numbered 1..N, at a steady rate
 * (message i is due at start + i/rate, so a slow publish is caught up, not skipped). It talks to the
 * server directly, not through a relay: every figure is the subscribers' side.
 */
final class Publisher {
    private static final MediaType OCTETS = MediaType.parse("application/octet-stream");
    /** A publish reply is a small JSON object. */
    private static final long MAX_REPLY = 64 * 1024;
    private static final MediaType TEXT = MediaType.parse("text/plain; charset=utf-8");

    private final HttpSession session;
    private final HttpUrl url;
    private final int size;
    private final boolean binary;

    Publisher(HttpSession session, HttpUrl url, int size, boolean binary) {
        this.session = session;
        this.url = url;
        this.size = size;
        this.binary = binary;
    }

    /**
     * Publishes {@code messages} at {@code rate} per second; {@code each} hears each number once its
     * publish succeeded. A publish the server refuses or cannot take fails the run with one line.
     */
    void run(long messages, double rate, LongConsumer each) throws InterruptedException {
        long start = System.nanoTime();
        for (long seq = 1; seq <= messages; seq++) {
            long due = start + (long) ((seq - 1) * 1e9 / rate);
            for (long left; (left = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) throw new InterruptedException();
            }
            publish(new Probe(seq, System.nanoTime()));
            each.accept(seq);
        }
    }

    /** One message now; its probe's nanos are the moment of the call. */
    void publish(Probe probe) {
        post(probe.encode(size, binary), binary ? OCTETS : TEXT);
    }

    /** A message that is not a probe (the warm-up). */
    void publishRaw(String text) {
        post(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), TEXT);
    }

    private void post(byte[] body, MediaType type) {
        Request request = session.request(url).post(RequestBody.create(body, type)).build();
        Fetched r;
        try {
            r = session.fetch(request, MAX_REPLY);
        } catch (IOException e) {
            throw new RtcException(HttpSession.describe(e, url));
        }
        if (!r.ok()) {
            throw new RtcException("publish to " + url + ": HTTP " + r.statusLine());
        }
    }
}
