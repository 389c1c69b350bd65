package dev.rtc.compare;

import dev.rtc.client.Client;
import dev.rtc.client.Traffic;

/**
 * Client → other client: {@code sender} sends each of the run's messages (through {@link Send}), and
 * {@code receiver}, whose listener is the measured one, hears them: a WebSocket's upstream through the
 * server, or a WebRTC data channel between two peers. Its traffic is the receiver's.
 */
final class ClientPair implements Client, Comparison.Forwarder {
    /** Sends one message from the sender; false when it cannot now (not connected yet). */
    interface Send {
        boolean send(byte[] data) throws Exception;
    }

    private final String name;
    private final Client sender;
    private final Client receiver;
    private final Send send;

    ClientPair(String name, Client sender, Client receiver, Send send) {
        this.name = name;
        this.sender = sender;
        this.receiver = receiver;
        this.send = send;
    }

    @Override
    public void run() throws Exception {
        Thread t = Relay.daemon("rtc-compare-" + name + "-sender", () -> {
            try {
                sender.run();
            } catch (Exception e) {
                receiver.close(); // the pair cannot measure anything without it
            }
        });
        try {
            receiver.run();
        } finally {
            sender.close();
            t.join(2000);
        }
    }

    @Override
    public boolean forward(byte[] data) throws InterruptedException {
        try {
            return send.send(data);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return false; // the receiver's count shows what did not arrive
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
