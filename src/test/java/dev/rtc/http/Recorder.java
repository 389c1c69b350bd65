package dev.rtc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ClientListener} that records every call in a queue, for tests that drive a client from code
 * (OkHttp's EventSourceRecorder pattern): {@link #next} waits, bounded, for the next one.
 */
public final class Recorder implements ClientListener {
    /** A message, copied out of the call. */
    public record Message(String text, long wireBytes, long receivedNanos, Map<String, ?> fields) {}

    /** Any other call: {@code opened}, {@code closed}, {@code reconnecting}, {@code warning}, {@code problem}. */
    public record Event(String kind, String detail) {}

    private static final long WAIT_SECONDS = 10;
    private final BlockingQueue<Object> calls = new LinkedBlockingQueue<>();

    @Override
    public void opened(String description, Map<String, ?> fields) {
        calls.add(new Event("opened", String.valueOf(fields)));
    }

    @Override
    public void message(Received m) {
        calls.add(new Message(m.text(), m.wireBytes(), m.receivedNanos(), Map.copyOf(m.fields().entrySet().stream()
                .filter(e -> e.getValue() != null).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
    }

    @Override
    public void closed(Integer code, String reason) {
        calls.add(new Event("closed", reason));
    }

    @Override
    public void reconnecting(int attempt, long delayMs) {
        calls.add(new Event("reconnecting", attempt + " " + delayMs));
    }

    @Override
    public void warning(String message) {
        calls.add(new Event("warning", message));
    }

    @Override
    public void problem(String message) {
        calls.add(new Event("problem", message));
    }

    /** The next call, waiting at most ten seconds for it. */
    public Object next() throws InterruptedException {
        Object call = calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (call == null) fail("no call to the listener within " + WAIT_SECONDS + "s");
        return call;
    }

    public Message nextMessage() throws InterruptedException {
        Object call = next();
        if (call instanceof Message m) return m;
        return fail("expected a message, got " + call);
    }

    public Event nextEvent(String kind) throws InterruptedException {
        Object call = next();
        if (call instanceof Event e && e.kind().equals(kind)) return e;
        return fail("expected " + kind + ", got " + call);
    }

    /** Nothing more was recorded. */
    public void assertQuiet() {
        assertEquals(null, calls.peek());
    }

    /** Runs {@code client} on a thread of its own, as a library user would. */
    public static Running run(Client client) {
        return new Running(client);
    }

    /** A client running on its own thread. */
    public static final class Running {
        private final Client client;
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private Running(Client client) {
            this.client = client;
            this.thread = new Thread(() -> {
                try {
                    client.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "client-under-test");
            thread.setDaemon(true);
            thread.start();
        }

        /** Closes the client from this thread and waits (bounded) for run() to return without a failure. */
        public void close() throws Throwable {
            client.close();
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(thread.isAlive(), "run() did not return after close()");
            if (failure.get() != null) throw failure.get();
        }

        /** Waits (bounded) for run() to end by itself; its failure, or null when it returned. */
        public Throwable ended() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(thread.isAlive(), "run() did not end");
            return failure.get();
        }
    }
}
