package dev.rtc.compare;

import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.client.Traffic;
import dev.rtc.output.Payloads;
import dev.rtc.peer.PeerClient;
import java.net.URI;
import java.util.Map;

/**
 * The seed's WebRTC: two {@link PeerClient}s that meet in a signal room of the server, which only
 * introduces them; then {@code sender} sends the run's messages over the data channel and
 * {@code receiver}, whose listener is the measured one, hears them. Its bytes are libwebrtc's transport
 * counts (DTLS, SCTP and framing included) on the receiving side.
 */
final class PeerPair implements Client, Comparison.Forwarder {
    private final PeerClient sender;
    private final PeerClient receiver;
    private volatile boolean senderOpen;

    PeerPair(URI room, ClientListener listener) {
        PeerClient.Settings settings = new PeerClient.Settings(PeerClient.Room.at(room), PeerClient.Ice.hostOnly(),
                PeerClient.Channel.reliable(), null);
        this.sender = new PeerClient(settings, new ClientListener() {
            @Override
            public void opened(String description, Map<String, ?> fields) {
                senderOpen = true;
            }

            @Override
            public void message(Received message) {
                // the receiver sends nothing
            }
        });
        this.receiver = new PeerClient(settings, listener);
    }

    @Override
    public void run() throws Exception {
        Thread t = Relay.daemon("rtc-compare-peer-sender", () -> {
            try {
                sender.run();
            } catch (Exception e) {
                receiver.close(); // nothing to measure without it
            }
        });
        try {
            receiver.run();
        } finally {
            sender.close();
            t.join(2000);
        }
    }

    /** Sends from the sender once its channel is open; text as text, other bytes as binary. */
    @Override
    public boolean forward(byte[] data) throws InterruptedException {
        if (!senderOpen) return false;
        try {
            sender.send(data, Payloads.utf8OrNull(data) == null);
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public Traffic traffic() {
        return receiver.traffic();
    }

    @Override
    public void close() {
        receiver.close();
        sender.close();
    }
}
