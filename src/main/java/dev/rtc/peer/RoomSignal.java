package dev.rtc.peer;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.rtc.cli.RtcException;
import dev.rtc.output.Json;
import dev.rtc.output.JsonReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Meeting the other peer in a room of {@code rtc serve}'s {@code /signal/{room}} relay, which passes each
 * text frame to the room's other members. Each side says {@code hello} with a random id when it joins and
 * once more when it first hears another's; the larger id offers, so the roles settle themselves.
 * Candidates trickle as they are found. The messages are the browsers' shapes
 * ({@code {"type":"offer","sdp":…}}, {@code {"type":"candidate","candidate":…,"sdpMid":…,"sdpMLineIndex":…}}).
 */
final class RoomSignal implements AutoCloseable {
    private final URI uri;
    private final String id = UUID.randomUUID().toString();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final Object sending = new Object();
    /** The client's threads, daemons, so an unanswered relay never keeps the JVM alive. */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rtc-peer-signal");
        t.setDaemon(true);
        return t;
    });
    private volatile WebSocket ws;
    private volatile PeerLink link;
    private volatile String other;

    RoomSignal(URI uri) {
        this.uri = uri;
    }

    /** Joins the room; the link's negotiation then runs on the relay's messages. */
    void join(PeerLink link, Duration connectTimeout) {
        this.link = link;
        HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(threads).build();
        try {
            http.newWebSocketBuilder().connectTimeout(connectTimeout)
                    .buildAsync(uri, new Listener()).get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            String why = c instanceof java.net.ConnectException ? "connection refused"
                    : c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            throw new RtcException("cannot join the signalling room " + uri + ": " + why);
        } catch (Exception e) {
            throw new RtcException("cannot join the signalling room " + uri + ": " + e);
        }
        send(hello());
    }

    /** {@code credit}: this peer speaks rtc's flow control (see {@link PeerLink#useCredit}). */
    private Json hello() {
        return Json.object().put("type", "hello").put("id", id).put("credit", true);
    }

    /** Completes exceptionally when the relay goes away before the channel opened. */
    CompletableFuture<Void> failed() {
        return failed;
    }

    void candidate(RTCIceCandidate c) {
        send(Json.object().put("type", "candidate").put("candidate", c.sdp)
                .put("sdpMid", c.sdpMid).put("sdpMLineIndex", c.sdpMLineIndex));
    }

    private void send(Json message) {
        WebSocket socket = ws;
        if (socket == null) return;
        synchronized (sending) { // the JDK's WebSocket takes one send at a time
            try {
                socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                failed.completeExceptionally(new RtcException("the signalling relay went away: " + e.getMessage()));
            }
        }
    }

    private void receive(String text) {
        Object parsed;
        try {
            parsed = JsonReader.parse(text);
        } catch (RuntimeException e) {
            return; // not ours: a room may hold other tools' chatter
        }
        if (!(parsed instanceof Map<?, ?> m)) return;
        Object type = m.get("type");
        if ("hello".equals(type) && m.get("id") instanceof String theirs && !theirs.equals(id)) {
            if (other != null) return;
            other = theirs;
            if (Boolean.TRUE.equals(m.get("credit"))) link.useCredit(); // before the offer or answer, on both sides
            send(hello()); // so a peer that joined later learns ours
            if (id.compareTo(theirs) > 0) {
                RTCSessionDescription offer = link.offer();
                send(Json.object().put("type", "offer").put("sdp", offer.sdp));
            }
        } else if ("offer".equals(type) && m.get("sdp") instanceof String sdp) {
            RTCSessionDescription answer = link.answer(new RTCSessionDescription(RTCSdpType.OFFER, sdp));
            send(Json.object().put("type", "answer").put("sdp", answer.sdp));
        } else if ("answer".equals(type) && m.get("sdp") instanceof String sdp) {
            link.remote(new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
        } else if ("candidate".equals(type) && m.get("candidate") instanceof String c && !c.isEmpty()) {
            String mid = m.get("sdpMid") instanceof String s ? s : "0";
            int index = m.get("sdpMLineIndex") instanceof Number n ? n.intValue() : 0;
            link.candidate(new RTCIceCandidate(mid, index, c));
        }
    }

    /** Leaves the room: once the channel is open the relay has nothing more to carry. */
    @Override
    public void close() {
        WebSocket socket = ws;
        ws = null;
        if (socket != null) {
            synchronized (sending) {
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    socket.abort();
                }
            }
        }
        threads.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        /** Before buildAsync returns: a peer already in the room may say hello at once, and the reply must not be lost. */
        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String text = parts.toString();
                parts.setLength(0);
                try {
                    receive(text);
                } catch (RuntimeException e) {
                    failed.completeExceptionally(e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failed.completeExceptionally(new RtcException("the signalling relay closed the room (" + statusCode + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failed.completeExceptionally(new RtcException("the signalling relay failed: " + error.getMessage()));
        }
    }
}
