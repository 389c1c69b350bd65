package dev.rtc.peer;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.rtc.cli.RtcException;
import dev.rtc.json.Json;
import dev.rtc.json.JsonReader;
import dev.rtc.websocket.Handshake;
import dev.rtc.websocket.TextSocket;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Meeting the other peer in a room of {@code rtc serve}'s {@code /signal/{room}} relay, which passes each
 * text frame to the room's other members. Each side says {@code hello} with a random id when it joins and
 * once more when it first hears another's; the larger id offers, so the roles settle themselves.
 * Candidates trickle as they are found. The messages are the browsers' shapes
 * ({@code {"type":"offer","sdp":…}}, {@code {"type":"candidate","candidate":…,"sdpMid":…,"sdpMLineIndex":…}}).
 */
final class RoomSignal implements AutoCloseable {
    private final Handshake handshake;
    private final String id = UUID.randomUUID().toString();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private volatile TextSocket socket;
    private volatile PeerLink link;
    private volatile String other;

    RoomSignal(Handshake handshake) {
        this.handshake = handshake;
    }

    /** Joins the room within the handshake's --connect-timeout; the link's negotiation then runs on the relay's messages. */
    void join(PeerLink link) throws InterruptedException {
        this.link = link;
        URI uri = handshake.uri();
        // Kept before connecting: a peer already in the room may say hello before connect returns, and the
        // reply must not be lost.
        socket = new TextSocket(handshake, new Listener());
        try {
            socket.connect();
        } catch (RtcException e) {
            socket = null;
            String hint = uri.getRawPath().startsWith("/signal/") ? "" : " (rtc serve's rooms are at /signal/ROOM)";
            throw new RtcException("cannot join the signalling room " + uri + ": " + e.getMessage() + hint);
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
        TextSocket ws = socket;
        if (ws != null && !ws.send(message.toString())) {
            failed.completeExceptionally(new RtcException("the signalling relay went away"));
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
        if ("hello".equals(type) && id.equals(m.get("id"))) {
            // A relay never sends a member its own message back; an echo does (rtc serve's /echo, /ws/TOPIC).
            throw new RtcException(handshake.uri() + " sends back what it is sent: it is not a signalling relay "
                    + "(rtc serve's rooms are at /signal/ROOM)");
        }
        if ("hello".equals(type) && m.get("id") instanceof String theirs) {
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
        TextSocket ws = socket;
        socket = null;
        if (ws != null) ws.close();
    }

    private final class Listener implements TextSocket.Listener {
        @Override
        public void text(String message) {
            try {
                receive(message);
            } catch (RuntimeException e) {
                failed.completeExceptionally(e);
            }
        }

        @Override
        public void closed(int code, String reason, Exception error) {
            failed.completeExceptionally(new RtcException(error != null
                    ? "the signalling relay failed: " + error.getMessage()
                    : "the signalling relay closed the room (" + code + ")"));
        }
    }
}
