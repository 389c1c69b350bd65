package dev.rtc.compare;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.http.HttpOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.longpoll.LongPollClient;
import dev.rtc.output.Payloads;
import dev.rtc.peer.PeerClient;
import dev.rtc.poll.PollClient;
import dev.rtc.sse.SseClient;
import dev.rtc.stream.StreamClient;
import dev.rtc.websocket.ConnectOptions;
import dev.rtc.websocket.WsClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Each technique's subscriber, made with that technique's own library client (the code its subcommand
 * runs) and the command line's HTTP options: poll and long poll follow the {@code last_id} cursor,
 * a stream and a WebSocket reconnect (with no resume), SSE reconnects with Last-Event-ID.
 */
final class Subscribers implements Comparison.Clients {
    /** The techniques whose library client this build has. */
    static final Set<Technique> AVAILABLE = EnumSet.of(Technique.POLL, Technique.LONGPOLL, Technique.STREAM,
            Technique.SSE, Technique.WS, Technique.PEER);

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

    @Override
    public Client upstream(Technique t, String base, String topic, ClientListener listener) {
        if (t != Technique.WS) return null;
        WsClient sender = webSocket(base, topic, false, new ClientListener() {
            @Override
            public void message(Received message) {
                // the server publishes the sender's frames to it too: only the other client's receipt counts
            }
        });
        return new ClientPair("ws", sender, webSocket(base, topic, false, listener), data -> {
            if (!sender.connected()) return false;
            String text = Payloads.utf8OrNull(data); // text as a text frame, as the server sends it down
            return text != null ? sender.send(text) : sender.send(data);
        });
    }

    /**
     * The seed's WebRTC: two peers that meet in a signal room of the server, which only introduces them;
     * the sender sends the run's messages over the data channel. The receiver's bytes are libwebrtc's
     * transport counts (DTLS, SCTP and framing included).
     */
    private static Client peers(URI room, ClientListener listener) {
        PeerClient.Settings settings = new PeerClient.Settings(PeerClient.Room.at(room), PeerClient.Ice.hostOnly(),
                PeerClient.Channel.reliable(), null);
        AtomicBoolean open = new AtomicBoolean();
        PeerClient sender = new PeerClient(settings, new ClientListener() {
            @Override
            public void opened(String description, Map<String, ?> fields) {
                open.set(true);
            }

            @Override
            public void message(Received message) {
                // the receiver sends nothing
            }
        });
        return new ClientPair("peer", sender, new PeerClient(settings, listener), data -> {
            if (!open.get()) return false; // send would wait for the channel: the warm-up must not
            sender.send(data, Payloads.utf8OrNull(data) == null);
            return true;
        });
    }

    private WsClient webSocket(String base, String topic, boolean reconnect, ClientListener listener) {
        URI uri = URI.create("ws" + base.substring("http".length()) + "/ws/" + topic);
        return new WsClient(new WsClient.Settings(ConnectOptions.handshake(http.connection(), uri), List.of(), reconnect,
                null, maxMessage), listener);
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
            case WS -> webSocket(base, topic, true, listener);
            case PEER -> peers(URI.create("ws" + base.substring("http".length()) + "/signal/" + topic + "-"
                    + Long.toHexString(System.nanoTime())), listener);
            default -> throw new IllegalStateException("no library client for " + t.id() + " in this build");
        };
    }
}
