package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streaming response, recorded: the status and headers as soon as they arrive, then each line of the
 * body as it arrives, then {@link #END} when the server ends the response.
 */
final class StreamRecorder implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {
    static final String END = "<end of response>";
    private static final long WAIT_MS = 5_000;

    private final String what;
    private final CompletableFuture<ResponseInfo> head = new CompletableFuture<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    StreamRecorder(String what) {
        this.what = what;
    }

    @Override
    public BodySubscriber<Void> apply(ResponseInfo info) {
        head.complete(info);
        return BodySubscribers.fromLineSubscriber(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        lines.add(line);
    }

    @Override
    public void onError(Throwable t) {
        lines.add("<error " + t + ">");
    }

    @Override
    public void onComplete() {
        lines.add(END);
    }

    void ended(Object response, Throwable failure) {
        if (failure != null) {
            head.completeExceptionally(failure);
        }
    }

    /** The status and headers, once the server has sent them (before any message). */
    ResponseInfo head() throws Exception {
        return head.get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    String header(String name) throws Exception {
        return head().headers().firstValue(name).orElse(null);
    }

    /** The next line of the body, or a failure naming what was awaited. */
    String next() throws InterruptedException {
        String line = lines.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        if (line == null) fail(what + ": no line within " + WAIT_MS + "ms");
        return line;
    }

    /** Reads the next lines and checks them, in order. */
    void expect(String... expected) throws InterruptedException {
        for (String line : expected) assertEquals(line, next(), what);
    }

    /** Asserts that nothing more arrives within {@code millis}. */
    void expectNothingFor(long millis) throws InterruptedException {
        String line = lines.poll(millis, TimeUnit.MILLISECONDS);
        if (line != null) fail(what + ": expected nothing, got " + line);
    }

    /** Stops reading and lets the client close the connection. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }
}
