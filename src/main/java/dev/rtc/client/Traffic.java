package dev.rtc.client;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a client has cost so far, counted as it goes and readable from any thread: requests made (HTTP
 * requests, WebSocket handshakes), connections opened, reconnections, messages received, and bytes each
 * way as far as the client can know them (headers and framing included where it sees them). Exact wire
 * counts, TLS and TCP included, need a counting relay in front of the client ({@code rtc compare} has one).
 */
public final class Traffic {
    private final LongAdder requests = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder reconnections = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    public void request() {
        requests.increment();
    }

    public void connection() {
        connections.increment();
    }

    public void reconnection() {
        reconnections.increment();
    }

    public void message() {
        messages.increment();
    }

    public void sent(long bytes) {
        bytesSent.add(bytes);
    }

    public void received(long bytes) {
        bytesReceived.add(bytes);
    }

    public long requests() {
        return requests.sum();
    }

    public long connections() {
        return connections.sum();
    }

    public long reconnections() {
        return reconnections.sum();
    }

    public long messages() {
        return messages.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    @Override
    public String toString() {
        return "requests=" + requests() + " connections=" + connections() + " reconnections=" + reconnections()
                + " messages=" + messages() + " sent=" + bytesSent() + " received=" + bytesReceived();
    }
}
