package dev.rtc.peer;

import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.TlsCertPolicy;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.UsageException;
import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.client.Traffic;
import dev.rtc.websocket.Handshake;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A WebRTC data channel to one other peer, runnable from code: made from {@link Settings} and a
 * {@link ClientListener}, then {@link #run} on a thread of the caller's while other threads {@link #send}
 * (one message at a time, from any thread) and finally {@link #end} (or {@link #close}). {@code rtc peer} wires stdin to {@link #send} and the
 * listener to stdout; {@code rtc compare} runs two of these in one process, meeting in a room.
 *
 * <p>What the listener hears: {@link ClientListener#opened} once the channel is open ("connected: direct"
 * or "connected: relay", fields {@code label} and {@code path}); {@link ClientListener#message} for each
 * message, with {@code receivedNanos} taken when libwebrtc handed it over and {@code wireBytes} 0, since
 * libwebrtc's statistics count bytes per transport, not per message (SCTP bundles messages into DTLS
 * records): {@link #traffic} carries the transport's totals; {@link ClientListener#closed} when the other
 * side closes the channel before it said its data ended; {@link ClientListener#problem} when the other
 * peer stops answering (called on webrtc's thread, so that it is heard while the run's thread waits for a
 * slow listener). An exception thrown by the listener ends the run with that failure.
 *
 * <p>The run ends (returns) once both sides have said their data ended and the other side is known to
 * have every message, or when the other side closes the channel; it throws when the connection fails,
 * when what this side sent may not have arrived, or when the meeting fails.
 */
public final class PeerClient implements Client {
    /** How the two peers meet. */
    public sealed interface Meeting permits Room, ByHand {}

    /** rtc serve's {@code /signal/{room}}: both sides join the same room and the roles settle themselves. */
    public record Room(Handshake handshake) implements Meeting {
        /** A room at {@code ws://HOST:PORT/signal/ROOM} with a plain handshake (no headers, 10s to connect). */
        public static Room at(URI signal) {
            return new Room(Handshake.plain(signal, Duration.ofSeconds(10)));
        }
    }

    /** By hand: one line each way ({@link OneLine}), which whoever runs the client carries over. */
    public record ByHand(boolean offer, Lines lines) implements Meeting {}

    /** How the lines of a meeting by hand travel; {@code rtc peer} prints its own and reads the other's from the terminal. */
    public interface Lines {
        /** Passes this side's line on; {@code what} is "offer" or "answer". */
        void show(String what, String line);

        /** The other side's line, its {@code what} being "offer" or "answer". */
        String read(String what) throws IOException;
    }

    /**
     * The ICE servers and policy. STUN ({@code stun:HOST[:PORT]}) and TURN ({@code turn:HOST[:PORT][?transport=…]})
     * URLs, the TURN credentials as {@code USER:PASSWORD}; {@code relayOnly}: only the TURN relay's path;
     * {@code anyCertificate}: accept any certificate from a {@code turns:}/{@code stuns:} server.
     */
    public record Ice(List<String> stun, List<String> turn, String turnUser, boolean relayOnly, boolean anyCertificate) {
        /** Checks the URLs and credentials as libwebrtc would take them: a mistake is a {@link UsageException}. */
        public Ice {
            stun = List.copyOf(stun);
            turn = List.copyOf(turn);
            IceServers.of(stun, turn, turnUser);
            if (relayOnly && turn.isEmpty()) throw new UsageException("--relay needs --turn URL (the relay to use)");
        }

        /** No STUN or TURN server: only the machine's own addresses, so nothing leaves its networks unasked. */
        public static Ice hostOnly() {
            return new Ice(List.of(), List.of(), null, false, false);
        }
    }

    /** The data channel: {@code ordered} delivery, and {@code maxRetransmits} (null: reliable). */
    public record Channel(boolean ordered, Integer maxRetransmits) {
        public Channel {
            if (maxRetransmits != null && maxRetransmits < 0) throw new UsageException("--max-retransmits must be 0 or more");
        }

        public static Channel reliable() {
            return new Channel(true, null);
        }
    }

    /** @param nativeDir where to unpack webrtc-java's native library (null: the temp dir) */
    public record Settings(Meeting meeting, Ice ice, Channel channel, Path nativeDir) {}

    private static final byte[] END = new byte[0];
    private static final Duration GATHERING = Duration.ofSeconds(5);
    private static final Map<String, Object> LABEL = Map.of("label", PeerLink.LABEL);

    private final Settings settings;
    private final ClientListener listener;
    private final RTCConfiguration config;
    private final RTCDataChannelInit init;
    private final Traffic traffic = new Traffic();
    private final Inbox inbox = new Inbox();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> otherEnded = new CompletableFuture<>();
    private final CountDownLatch runEnded = new CountDownLatch(1);
    private volatile boolean runStarted;
    /** Sends go out one at a time, whichever threads call {@link #send}. */
    private final Object sending = new Object();
    private volatile NativeWebRtc rtc;
    private volatile RoomSignal room;
    private volatile PeerLink link;
    /** What {@code rtc peer} sends (stdin or a file), when it was given one. */
    private volatile Outgoing outgoing;
    private volatile boolean closed;
    private volatile long connectedNanos;
    /** What the last look at getStats said, and when (kept once the connection is gone). */
    private volatile PathStats.Stats stats;
    private volatile long statsNanos;
    /** Transport bytes already added to {@link #traffic} on top of the message bytes. */
    private long wireSentCounted;
    private long wireReceivedCounted;
    /** Why what this side sent may not have all arrived, found while closing; null when it did. */
    private volatile String undelivered;

    /** Nothing is loaded or connected yet: {@link #run} does that. */
    public PeerClient(Settings settings, ClientListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.config = configuration(settings.ice());
        this.init = new RTCDataChannelInit();
        init.ordered = settings.channel().ordered();
        if (settings.channel().maxRetransmits() != null) init.maxRetransmits = settings.channel().maxRetransmits();
    }

    private static RTCConfiguration configuration(Ice ice) {
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers.addAll(IceServers.of(ice.stun(), ice.turn(), ice.turnUser()));
        if (ice.anyCertificate()) {
            for (RTCIceServer server : config.iceServers) server.tlsCertPolicy = TlsCertPolicy.INSECURE_NO_CHECK;
        }
        if (ice.relayOnly()) config.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        return config;
    }

    /** {@code rtc peer}'s stdin or file: started once the channel is open; its end is this side's {@link #end}. */
    void sendFrom(Outgoing outgoing) {
        this.outgoing = outgoing;
    }

    @Override
    public void run() throws Exception {
        runStarted = true;
        try {
            synchronized (this) {
                if (closed) return;
                rtc = NativeWebRtc.open(settings.nativeDir());
                RoomSignal signal = settings.meeting() instanceof Room r ? new RoomSignal(r.handshake()) : null;
                room = signal;
                link = new PeerLink(rtc, config, init, new Events(), signal == null ? null : signal::candidate, this::warn);
            }
            meet();
            exchange();
        } finally {
            runEnded.countDown();
        }
    }

    private void meet() throws Exception {
        RoomSignal signal = room;
        if (signal != null) {
            traffic.request(); // the relay's WebSocket handshake
            signal.join(link);
            await(CompletableFuture.anyOf(opened, signal.failed()));
            signal.close();
            room = null;
            return;
        }
        ByHand byHand = (ByHand) settings.meeting();
        link.useCredit(); // a pasted rtc-offer line comes from rtc peer, so both sides speak it
        if (byHand.offer()) {
            link.offer();
            byHand.lines().show("offer", OneLine.encode(link.gatheredDescription(GATHERING)));
            link.remote(OneLine.decode(byHand.lines().read("answer"), RTCSdpType.ANSWER));
        } else {
            RTCSessionDescription offer = OneLine.decode(byHand.lines().read("offer"), RTCSdpType.OFFER);
            link.answer(offer);
            byHand.lines().show("answer", OneLine.encode(link.gatheredDescription(GATHERING)));
        }
        await(opened);
    }

    /** Waits for {@code f}; its failure is thrown as it is, so the error line is the failure's own message. */
    private static void await(CompletableFuture<?> f) throws Exception {
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    private void exchange() throws Exception {
        connectedNanos = System.nanoTime();
        traffic.connection();
        PathStats.Stats s = readStats();
        // The channel may open before the report shows the pair in use: asked again for up to a second.
        for (int i = 0; i < 50 && !s.selected(); i++) {
            Thread.sleep(20);
            s = readStats();
        }
        // Still none: with --relay every pair is a relay's, else the path is taken to be direct.
        String path = s.relay() || (!s.selected() && settings.ice().relayOnly()) ? "relay" : "direct";
        Map<String, Object> fields = new LinkedHashMap<>(LABEL); // in this order in --json's open record
        fields.put("path", path);
        listener.opened("connected: " + path, fields);
        Outgoing out = outgoing;
        if (out != null) out.start(this);
        boolean localEnd = false;
        boolean remoteEnd = false;
        while (!(localEnd && remoteEnd)) {
            if (inbox.isEmpty()) listener.flush();
            Inbox.Item item = inbox.take();
            if (item instanceof Inbox.Message m) {
                if (m.binary() && m.data().length == 0) {
                    remoteEnd = true;
                    link.confirmEnd();
                    otherEnded.complete(null);
                    continue;
                }
                traffic.message();
                traffic.received(m.data().length);
                listener.message(new Received(m.data(), 0, m.data().length, m.binary(), m.receivedNanos(), 0, LABEL));
                link.consumed(m.data().length, listener::flush);
            } else if (item instanceof Inbox.LocalEnd) {
                localEnd = true;
            } else if (item instanceof Inbox.Stopped) {
                return;
            } else if (item instanceof Inbox.Closed c) {
                listener.flush();
                if (c.failure() != null) throw new RtcException(c.failure());
                if (out != null && out.mustFinish() && !localEnd) {
                    throw new RtcException("the other peer closed the channel before the whole file was sent");
                }
                if (!remoteEnd) listener.closed(null, "by the other peer");
                return;
            }
        }
        listener.flush();
        // Both sides have ended; what this side sent may still be in flight. Nothing sent, nothing to lose.
        String lost = link.closeChannel();
        if (lost != null && link.sentData()) throw new RtcException(lost);
    }

    /**
     * Sends one message, once the channel is open, waiting while the other side has no room for it (rtc's
     * credit between two rtc peers) or too much is buffered. At most {@link #maxMessage()} bytes; an empty
     * binary message is this side's end-of-data marker, which only {@link #end} sends. Throws when the
     * channel is no longer open (webrtc-java would drop the message without a word) or the meeting failed.
     */
    public void send(byte[] data, boolean binary) throws Exception {
        if (binary && data.length == 0) throw new IllegalArgumentException("an empty binary message is the end-of-data marker: call end()");
        PeerLink l = awaitOpen();
        synchronized (sending) {
            l.send(data, binary);
        }
        traffic.sent(data.length);
    }

    /** Sends a text message. */
    public void send(String text) throws Exception {
        send(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Says that this side has nothing more to send (an empty binary message, after all the others) and waits
     * until it left the send buffer. The run ends once the other side has said the same.
     */
    public void end() throws Exception {
        PeerLink l = awaitOpen();
        synchronized (sending) {
            l.send(END, true);
        }
        l.drain();
        inbox.put(new Inbox.LocalEnd());
    }

    /** The largest message both sides take (the other side's SDP says its own limit), once the channel is open. */
    public int maxMessage() throws Exception {
        return awaitOpen().chunk();
    }

    /** Completes once the other side said its data ended: every message it sent before has been delivered. */
    public CompletableFuture<Void> otherEnded() {
        return otherEnded;
    }

    private PeerLink awaitOpen() throws Exception {
        await(opened);
        return link;
    }

    /** Ends the run with a failure found on another thread (sending stdin or the file). */
    void fail(String failure) {
        inbox.put(new Inbox.Closed(failure));
    }

    /**
     * Message bytes and messages as they go, requests (the relay's handshake) and connections (the data
     * channel); the bytes are topped up to what libwebrtc's transport statistics count (DTLS, SCTP and
     * framing included) whenever they are read: at the open and at the close.
     */
    @Override
    public Traffic traffic() {
        return traffic;
    }

    private synchronized PathStats.Stats readStats() {
        PathStats.Stats s = link.stats();
        stats = s;
        statsNanos = System.nanoTime();
        if (s.wireSent() != null && s.wireSent() > s.bytesSent() + wireSentCounted) {
            long more = s.wireSent() - s.bytesSent() - wireSentCounted;
            traffic.sent(more);
            wireSentCounted += more;
        }
        if (s.wireReceived() != null && s.wireReceived() > s.bytesReceived() + wireReceivedCounted) {
            long more = s.wireReceived() - s.bytesReceived() - wireReceivedCounted;
            traffic.received(more);
            wireReceivedCounted += more;
        }
        return s;
    }

    /** {@code -v}'s closing line: bytes each way, rate, round-trip time, path; null before the channel opened. */
    String summary() {
        PathStats.Stats s = stats;
        if (connectedNanos == 0) return null;
        return Summary.of(s, (statsNanos - connectedNanos) / 1e9);
    }

    /** Why what this side sent may not all have arrived, as {@link #close} found it; null when it did (or nothing was sent). */
    String undelivered() {
        return undelivered;
    }

    /**
     * Stops the run. When it is still going (a stop condition, a timeout, a signal), what was handed to
     * {@link #send} and what stdin already gave goes out first, and the close waits (up to
     * {@link PeerLink#CLOSE_WAIT}) until the other side has it; see {@link #undelivered}. Then the channel,
     * the connection and the native factory are released. Safe to call more than once, from any thread.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        PeerLink l = link;
        boolean running = runEnded.getCount() > 0;
        if (running && l != null && opened.isDone() && !opened.isCompletedExceptionally()) {
            Outgoing out = outgoing;
            if (out != null && out.started() && !out.finishGiven(PeerLink.CLOSE_WAIT)) {
                undelivered = "stdin's data was not all sent within " + PeerLink.CLOSE_WAIT.toSeconds() + "s of the stop";
            } else if (l.sentData()) {
                undelivered = l.closeChannel();
            }
        }
        opened.completeExceptionally(new RtcException("stopped"));
        inbox.put(new Inbox.Stopped());
        RoomSignal r = room;
        if (r != null) r.close();
        try {
            if (runStarted) runEnded.await(5, TimeUnit.SECONDS); // the run stops using the link before it goes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (l != null) {
                if (connectedNanos != 0) readStats();
                l.close();
            }
            if (rtc != null) rtc.close();
        }
    }

    /**
     * While the inbox is full webrtc's network thread waits for the listener and answers no connectivity
     * checks, so the connection looks dead from both sides: say that rather than blame the other peer.
     */
    private void warn(String message) {
        listener.problem(inbox.full()
                ? "received messages are not being taken (stdout is not being read): the data channel waits for them, "
                        + "and the other peer gives up if this lasts"
                : message);
    }

    /** What the data channel hands over, on webrtc's own threads. */
    private final class Events implements PeerLink.Events {
        @Override
        public void open() {
            opened.complete(null);
        }

        @Override
        public void message(byte[] data, boolean binary) {
            inbox.message(data, binary);
        }

        @Override
        public void closed(String failure) {
            if (!opened.isDone()) {
                opened.completeExceptionally(new RtcException(failure != null ? failure : "the data channel closed before it opened"));
            }
            inbox.put(new Inbox.Closed(failure));
        }
    }
}
