package dev.rtc.http;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.client.Traffic;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the clients of poll, long poll, stream and SSE share: one {@link HttpSession} (whose traffic is the
 * client's), the listener, and a {@link #close} that cancels the request in flight and wakes a client
 * that waits between requests, from any thread.
 */
public abstract class SessionClient implements Client {
    protected final HttpSession session;
    protected final ClientListener listener;
    private final CountDownLatch closed = new CountDownLatch(1);

    protected SessionClient(HttpSession session, ClientListener listener) {
        this.session = session;
        this.listener = listener;
    }

    @Override
    public final Traffic traffic() {
        return session.traffic();
    }

    @Override
    public final void close() {
        closed.countDown();
        session.close();
    }

    /** Whether {@link #close} was called: a failed request then is the end of the run, not a failure. */
    protected final boolean closed() {
        return session.closed();
    }

    /** Counts a message and hands it to the listener. */
    protected final void deliver(Received message) {
        session.traffic().message();
        listener.message(message);
    }

    /** Announces attempt {@code attempt} after {@code delayMs} and waits for it; true when closed meanwhile. */
    protected final boolean reconnectAfter(int attempt, long delayMs) throws InterruptedException {
        listener.reconnecting(attempt, delayMs);
        session.traffic().reconnection();
        return pause(delayMs * 1_000_000);
    }

    /** Waits {@code nanos}; true when {@link #close} came first (or before). */
    protected final boolean pause(long nanos) throws InterruptedException {
        return closed.await(nanos, TimeUnit.NANOSECONDS);
    }
}
