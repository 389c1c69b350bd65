package dev.rtc.compare;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.http.HttpOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.longpoll.LongPollClient;
import dev.rtc.poll.PollClient;
import dev.rtc.sse.SseClient;
import dev.rtc.stream.StreamClient;
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
    static final Set<Technique> AVAILABLE = EnumSet.of(Technique.POLL, Technique.LONGPOLL, Technique.STREAM,
            Technique.SSE, Technique.PEER);

    private final HttpOptions http;
    private final PrintWriter err;
    private final InputStream stdin;
    private final Duration pollInterval;
    private final int maxMessage;
    /** A poll body holds every message since the last poll: room for a whole run of them. */
    private final long maxBody;

    Subscribers(HttpOptions http, PrintWriter err, InputStream stdin, Duration pollInterval, int maxMessage, long maxBody) {
        this.http = http;
        this.err = err;
        this.stdin = stdin;
        this.pollInterval = pollInterval;
        this.maxMessage = maxMessage;
        this.maxBody = maxBody;
    }

    private HttpSession http(String url) {
        return http.open(url, err, stdin);
    }

    @Override
    public Client make(Technique t, String base, String topic, ClientListener listener) {
        return switch (t) {
            case POLL -> PollClient.create(http(base + "/poll/" + topic + "?since=0"),
                    new PollClient.Settings(pollInterval, false, "/last_id", "since", null, false, maxBody), listener);
            case LONGPOLL -> LongPollClient.create(http(base + "/longpoll/" + topic + "?since=0"),
                    new LongPollClient.Settings("/last_id", "since", null, maxBody), listener);
            // no since: a stream that reconnects starts again from now, so what it missed shows as lost
            case STREAM -> StreamClient.create(http(base + "/stream/" + topic),
                    new StreamClient.Settings(false, false, false, maxMessage, true), listener);
            // since=0 only for the first request: after a cut, Last-Event-ID wins over it
            case SSE -> SseClient.create(http(base + "/sse/" + topic + "?since=0"),
                    new SseClient.Settings(Set.of(), false, null, null, true, null, null, 2 * maxMessage), listener);
            case PEER -> new PeerPair(URI.create("ws" + base.substring("http".length()) + "/signal/" + topic + "-"
                    + Long.toHexString(System.nanoTime())), listener);
            default -> throw new IllegalStateException("no library client for " + t.id() + " in this build");
        };
    }
}
