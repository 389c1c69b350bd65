package dev.rtc.peer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.rtc.cli.RtcException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One peer connection with one data channel, and the workarounds webrtc-java needs: sends of exact
 * arrays only (it ignores a buffer's position and limit), a buffered amount polled between two marks
 * (onBufferedAmountChange never fires, and the channel closes silently at about 16 MiB buffered), and
 * channel and connection states watched, since sends after a close are dropped without a word.
 */
final class PeerLink implements AutoCloseable {
    static final String LABEL = "rtc";
    /**
     * Largest message rtc sends: a message over 256 KiB closes webrtc-java's channel silently, and one over the
     * other side's a=max-message-size (64 KiB for aiortc and werift) does too; see {@link #chunk}.
     */
    static final int MAX_MESSAGE = 256 * 1024;
    /** Back-pressure: above this much buffered a send waits until the buffer is down to {@link #LOW_MARK}. */
    static final long HIGH_MARK = 8L << 20;
    static final long LOW_MARK = 2L << 20;
    /** The second channel, negotiated out of band (both sides make it) when both peers are rtc: credit grants. */
    static final String CREDIT_LABEL = "rtc-credit";
    static final int CREDIT_ID = 1023;
    /** How long ICE may look for a path once both descriptions are known. */
    static final int ICE_DEADLINE_SECONDS = 30;
    static final Duration ICE_DEADLINE = Duration.ofSeconds(ICE_DEADLINE_SECONDS);
    /** How long a close waits for the other side to have every message. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** What the data channel hands over; called on webrtc's own thread. */
    interface Events {
        void open();

        void message(byte[] data, boolean binary);

        /** The channel closed, or the connection failed ({@code failure} non-null). */
        void closed(String failure);
    }

    private final RTCPeerConnection pc;
    private final RTCConfiguration config;
    private final Events events;
    private final RTCDataChannelInit init;
    private final Consumer<String> warn;
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    /** Candidates that came before the remote description, added once it is set. */
    private final List<RTCIceCandidate> early = new ArrayList<>();
    private volatile boolean remoteSet;
    private volatile RTCDataChannel channel;
    /** The data channel's state as its observer last heard it: asking the channel is a blocking hop to webrtc's network thread. */
    private volatile RTCDataChannelState channelState = RTCDataChannelState.CONNECTING;
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile boolean everConnected;
    private volatile boolean warnedDisconnected;
    /** What STUN and TURN servers said (a wrong password, no answer), to name in a failure. */
    private final Set<String> iceServerErrors = ConcurrentHashMap.newKeySet();
    /** Null until {@link #useCredit}: then sends wait for the other side's grants. */
    private volatile RTCDataChannel creditChannel;
    private final CreditWindow credit = new CreditWindow();
    /** The other rtc said our end-of-data marker arrived (see {@link #confirmEnd}). */
    private volatile boolean endConfirmed;
    /** The buffered amount last read from the channel plus what was sent since: an upper bound, so it is read only near the mark. */
    private long bufferedBound;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final PathStats path = new PathStats();
    private volatile boolean closing;
    /** What {@link #closeChannel} found: empty when the other side had everything. */
    private Optional<String> closeOutcome;

    PeerLink(NativeWebRtc rtc, RTCConfiguration config, RTCDataChannelInit init, Events events,
             Consumer<RTCIceCandidate> onCandidate, Consumer<String> warn) {
        this.events = events;
        this.config = config;
        this.init = init;
        this.warn = warn;
        this.pc = rtc.factory.createPeerConnection(config, new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                if (onCandidate != null) onCandidate.accept(candidate);
            }

            @Override
            public void onIceGatheringChange(RTCIceGatheringState s) {
                if (s == RTCIceGatheringState.COMPLETE) gathered.complete(null);
            }

            @Override
            public void onIceCandidateError(RTCPeerConnectionIceErrorEvent e) {
                iceServerErrors.add(IceServers.serverError(e.getUrl(), e.getErrorCode(), e.getErrorText()));
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState s) {
                state = s;
                if (s == RTCPeerConnectionState.CONNECTED) everConnected = true;
                if (closing) return;
                if (s == RTCPeerConnectionState.FAILED) {
                    events.closed(everConnected
                            ? "the connection to the other peer failed (no answer for about 16s: gone, or unreachable)"
                            : IceServers.noPath(config.iceServers, iceServerErrors));
                } else if (s == RTCPeerConnectionState.DISCONNECTED && !warnedDisconnected) {
                    warnedDisconnected = true;
                    warn.accept("the other peer stopped answering; waiting for it to come back");
                }
            }

            @Override
            public void onDataChannel(RTCDataChannel dc) {
                attach(dc);
            }
        });
    }

    private void attach(RTCDataChannel dc) {
        channel = dc;
        dc.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                // never called by webrtc-java 0.14.0: see awaitRoom
            }

            @Override
            public void onStateChange() {
                RTCDataChannelState s = dc.getState();
                channelState = s;
                if (s == RTCDataChannelState.OPEN) {
                    events.open();
                } else if (s == RTCDataChannelState.CLOSED && !closing) {
                    events.closed(null);
                }
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                ByteBuffer data = buffer.data;
                byte[] bytes = new byte[data.remaining()]; // the buffer is only valid during this call
                data.get(bytes);
                bytesReceived.addAndGet(bytes.length);
                events.message(bytes, buffer.binary);
            }
        });
        // the channel may have opened before the observer was registered
        RTCDataChannelState s = dc.getState();
        channelState = s;
        if (s == RTCDataChannelState.OPEN) events.open();
    }

    /**
     * Speaks rtc's flow control ({@link CreditWindow}) on a second channel: both sides must call this before
     * the offer or answer; a peer that is not rtc never gets it (its messages would land on a stream it does
     * not know).
     */
    void useCredit() {
        if (creditChannel != null) return;
        RTCDataChannelInit creditInit = new RTCDataChannelInit();
        creditInit.negotiated = true;
        creditInit.id = CREDIT_ID;
        RTCDataChannel c = pc.createDataChannel(CREDIT_LABEL, creditInit);
        c.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {}

            @Override
            public void onStateChange() {}

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                byte[] bytes = new byte[buffer.data.remaining()];
                buffer.data.get(bytes);
                if (credit.heard(new String(bytes, StandardCharsets.US_ASCII)) == CreditWindow.Heard.END) endConfirmed = true;
            }
        });
        creditChannel = c;
    }

    /**
     * Tells the other rtc that its end-of-data marker arrived, so everything before it did too: its close
     * then knows nothing was lost, even when the connection goes before the channel's close completes.
     */
    void confirmEnd() throws Exception {
        tell(CreditWindow.END_RECEIVED);
    }

    /**
     * Counts {@code bytes} of the other side's messages as gone through this side's output, and grants
     * the other side room for them when enough is due. {@code flush} runs first: granted room must be room
     * on stdout, not in a buffer.
     */
    void consumed(long bytes, Runnable flush) throws Exception {
        if (creditChannel == null) return;
        long due = credit.consumed(bytes);
        if (due == 0) return;
        flush.run();
        if (tell(CreditWindow.grantMessage(due))) credit.granted(due);
    }

    /** One message on the credit channel; false when it is not open (yet, or any more). */
    private boolean tell(String said) throws Exception {
        RTCDataChannel c = creditChannel;
        if (c == null || c.getState() != RTCDataChannelState.OPEN) return false;
        c.send(new RTCDataChannelBuffer(ByteBuffer.wrap(said.getBytes(StandardCharsets.US_ASCII)), false));
        return true;
    }

    /** The offering side: makes the channel and the offer, set as the local description. */
    RTCSessionDescription offer() {
        attach(pc.createDataChannel(LABEL, init));
        RTCSessionDescription offer = await(f -> pc.createOffer(new RTCOfferOptions(), created(f)), "create an offer");
        await(f -> pc.setLocalDescription(offer, set(f)), "set the local offer");
        return offer;
    }

    /** The answering side: takes the offer and returns the answer, set as the local description. */
    RTCSessionDescription answer(RTCSessionDescription offer) {
        remote(offer);
        RTCSessionDescription answer = await(f -> pc.createAnswer(new RTCAnswerOptions(), created(f)), "create an answer");
        await(f -> pc.setLocalDescription(answer, set(f)), "set the local answer");
        return answer;
    }

    void remote(RTCSessionDescription description) {
        description.sdp.lines().forEach(path::noteRemote);
        await(f -> pc.setRemoteDescription(description, set(f)), "set the other peer's description");
        // libwebrtc reports FAILED when its checks are refused, but where they are dropped without a word
        // (a firewall, a router that forwards nothing) it keeps checking for ever
        CompletableFuture.delayedExecutor(ICE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!everConnected && !closing) events.closed(IceServers.noPath(config.iceServers, iceServerErrors));
        });
        List<RTCIceCandidate> pending;
        synchronized (early) {
            remoteSet = true;
            pending = new ArrayList<>(early);
            early.clear();
        }
        pending.forEach(pc::addIceCandidate);
    }

    /** A trickled candidate; held until the remote description is set. */
    void candidate(RTCIceCandidate candidate) {
        path.noteRemote(candidate.sdp);
        synchronized (early) {
            if (!remoteSet) {
                early.add(candidate);
                return;
            }
        }
        pc.addIceCandidate(candidate);
    }

    /** The local description once every candidate is gathered (for the one-line exchange). */
    RTCSessionDescription gatheredDescription(Duration timeout) {
        try {
            gathered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // what was gathered so far will do
        } catch (Exception e) {
            throw new RtcException("gathering ICE candidates failed: " + e.getMessage());
        }
        return pc.getLocalDescription();
    }

    /** The other side's a=max-message-size, or 64 KiB when it says none (RFC 8841's default). */
    int remoteMaxMessageSize() {
        RTCSessionDescription remote = pc.getRemoteDescription();
        return Sdp.maxMessageSize(remote == null ? null : remote.sdp);
    }

    /**
     * The size of the binary messages to cut a byte stream into: as large as both sides take, since each
     * message costs a hop to webrtc's network thread and a callback on the other side (bench/peer/run moved
     * roughly twice as many bytes a second in 256 KiB messages as in 16 KiB ones).
     */
    int chunk() {
        return Math.min(remoteMaxMessageSize(), MAX_MESSAGE);
    }

    /**
     * Sends one message of exactly {@code data}, waiting first while too much is buffered. Throws when the
     * channel is no longer open, since webrtc-java would drop the message silently.
     */
    void send(byte[] data, boolean binary) throws Exception {
        RTCDataChannel dc = channel;
        if (creditChannel != null && data.length > 0) {
            credit.take(data.length, () -> dc.getState() == RTCDataChannelState.OPEN, this::notOpen);
        }
        awaitRoom(dc);
        if (channelState != RTCDataChannelState.OPEN) throw new RtcException(notOpen());
        dc.send(new RTCDataChannelBuffer(ByteBuffer.wrap(data), binary));
        bufferedBound += data.length;
        bytesSent.addAndGet(data.length);
    }

    /** Whether any message bytes went out (the end marker is empty). */
    boolean sentData() {
        return bytesSent.get() > 0;
    }

    /** Waits until everything sent has left the buffer (before closing, or the tail is lost). */
    void drain() throws InterruptedException {
        RTCDataChannel dc = channel;
        while (dc.getState() == RTCDataChannelState.OPEN && dc.getBufferedAmount() > 0) {
            pause();
        }
    }

    private void awaitRoom(RTCDataChannel dc) throws InterruptedException {
        if (bufferedBound < HIGH_MARK) return;
        bufferedBound = dc.getBufferedAmount();
        if (bufferedBound < HIGH_MARK) return;
        while ((bufferedBound = dc.getBufferedAmount()) > LOW_MARK) {
            if (dc.getState() != RTCDataChannelState.OPEN) throw new RtcException(notOpen());
            pause();
        }
    }

    private static void pause() throws InterruptedException {
        LockSupport.parkNanos(1_000_000); // 2 MiB left at the low mark lasts far longer than this
        if (Thread.interrupted()) throw new InterruptedException();
    }

    private String notOpen() {
        RTCPeerConnectionState s = state;
        return s == RTCPeerConnectionState.FAILED || s == RTCPeerConnectionState.DISCONNECTED
                ? "the connection to the other peer is lost (" + s.name().toLowerCase() + ")"
                : "the data channel closed before everything was sent";
    }

    /** What getStats says now, with the message bytes counted here; the report is waited for up to 2s. */
    PathStats.Stats stats() {
        CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
        Map<String, RTCStats> all;
        try {
            pc.getStats(report::complete);
            all = report.get(2, TimeUnit.SECONDS).getStats();
        } catch (Exception e) {
            all = Map.of();
        }
        return path.read(all, bytesSent.get(), bytesReceived.get());
    }

    /**
     * Closes the data channel and waits until it is CLOSED: the stream reset goes through only after the
     * other side's SCTP has every message sent before it, so leaving sooner could lose the tail in flight.
     * A receiver whose stdout is slow holds it back (see Inbox), hence the long wait while the connection
     * lives. Null when the other side has everything, else why it may not. Between two rtc peers the other
     * side's confirmation of the end marker settles it; another stack may close its connection as soon as
     * the channel closes (werift's examples do), before the close completes here, so for one of those a
     * connection lost while closing says nothing either way.
     */
    synchronized String closeChannel() {
        if (closeOutcome != null) return closeOutcome.orElse(null);
        closing = true;
        RTCDataChannel dc = channel;
        String why = null;
        if (dc != null) {
            dc.close();
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            while (dc.getState() != RTCDataChannelState.CLOSED && state == RTCPeerConnectionState.CONNECTED
                    && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            if (dc.getState() != RTCDataChannelState.CLOSED && !endConfirmed
                    && (creditChannel != null || state == RTCPeerConnectionState.CONNECTED)) {
                why = state == RTCPeerConnectionState.CONNECTED
                        ? "the other peer did not take the last messages within " + CLOSE_WAIT.toSeconds() + "s"
                        : "the connection to the other peer was lost (" + state.name().toLowerCase()
                                + ") before it confirmed it had the last messages";
            }
        }
        closeOutcome = Optional.ofNullable(why);
        return why;
    }

    @Override
    public synchronized void close() {
        closeChannel();
        RTCDataChannel dc = channel;
        if (dc != null) {
            dc.unregisterObserver();
            dc.dispose();
        }
        RTCDataChannel c = creditChannel;
        if (c != null) {
            c.unregisterObserver();
            c.close();
            c.dispose();
        }
        pc.close();
    }

    private static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> f) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                f.complete(description);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new RtcException(error));
            }
        };
    }

    private static <T> SetSessionDescriptionObserver set(CompletableFuture<T> f) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new RtcException(error));
            }
        };
    }

    private static <T> T await(Consumer<CompletableFuture<T>> call, String what) {
        CompletableFuture<T> f = new CompletableFuture<>();
        call.accept(f);
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new RtcException("cannot " + what + ": " + e.getCause().getMessage());
        } catch (Exception e) {
            throw new RtcException("cannot " + what + ": " + e);
        }
    }
}
