package dev.rtc.compare;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.http.HttpOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Each technique's subscriber, made with that technique's own library client (the code its subcommand
 * runs) and the command line's HTTP options: poll and long poll follow the {@code last_id} cursor,
 * a stream and a WebSocket reconnect (with no resume), SSE reconnects with Last-Event-ID.
 */
final class Subscribers implements Comparison.Clients {
    /** The techniques whose library client this build has. */
    static final Set<Technique> AVAILABLE = EnumSet.of(Technique.PEER);

    private final HttpOptions http;
    private final PrintWriter err;
    private final InputStream stdin;
    private final Duration pollInterval;

    Subscribers(HttpOptions http, PrintWriter err, InputStream stdin, Duration pollInterval) {
        this.http = http;
        this.err = err;
        this.stdin = stdin;
        this.pollInterval = pollInterval;
    }

    @Override
    public Client make(Technique t, String base, String topic, ClientListener listener) {
        return switch (t) {
            case PEER -> new PeerPair(URI.create("ws" + base.substring("http".length()) + "/signal/" + topic + "-"
                    + Long.toHexString(System.nanoTime())), listener);
            default -> throw new IllegalStateException("no library client for " + t.id() + " in this build");
        };
    }
}
