package dev.rtc.peer;

import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Two {@link PeerClient}s in one JVM meeting in a room of rtc serve, as {@code rtc compare} drives them:
 * each sends from code and reports what it heard, one line each on stdout. Run by {@link PeerClientIT}
 * inside a network namespace (a JVM on the host's network must not run WebRTC), with {@code rtc.jar} and
 * the test classes on the class path. Exit 0 when both runs ended cleanly within the time, else 1.
 */
public final class TwoPeersInOneProcess {
    private TwoPeersInOneProcess() {}

    /** Records what a client tells its listener, as lines. */
    private static final class Recorder implements ClientListener {
        final String name;
        final ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
        final CompletableFuture<Void> opened = new CompletableFuture<>();

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void opened(String description, Map<String, ?> fields) {
            heard.add(name + " opened: " + description + " " + fields.get("path"));
            opened.complete(null);
        }

        @Override
        public void message(Received m) {
            long age = System.nanoTime() - m.receivedNanos();
            String payload = m.binary() ? "binary " + HexFormat.of().formatHex(m.bytes()) : "text " + m.text();
            heard.add(name + " got " + payload + " label=" + m.fields().get("label") + " wire=" + m.wireBytes()
                    + (age >= 0 && age < TimeUnit.SECONDS.toNanos(10) ? " timed" : " untimed " + age));
        }

        @Override
        public void closed(Integer code, String reason) {
            heard.add(name + " closed " + reason);
        }

        @Override
        public void problem(String message) {
            heard.add(name + " problem " + message);
        }
    }

    public static void main(String[] args) throws Exception {
        // webrtc-java prints on descriptor 1 at teardown: the lines below go to stdout through a stream of their own
        PrintStream out = new PrintStream(CleanStdout.take(), true, StandardCharsets.UTF_8);
        URI room = URI.create(args[0]);
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        PeerClient.Settings settings = new PeerClient.Settings(PeerClient.Room.at(room), PeerClient.Ice.hostOnly(),
                PeerClient.Channel.reliable(), null);
        int exit = 0;
        try (PeerClient ca = new PeerClient(settings, a); PeerClient cb = new PeerClient(settings, b)) {
            CompletableFuture<Void> ra = CompletableFuture.runAsync(() -> run(ca));
            CompletableFuture<Void> rb = CompletableFuture.runAsync(() -> run(cb));
            a.opened.get(30, TimeUnit.SECONDS);
            b.opened.get(30, TimeUnit.SECONDS);
            ca.send("hello from a");
            ca.send(new byte[] {0, 1, 2, (byte) 0xff}, true);
            cb.send("hello from b");
            ca.end();
            cb.end();
            ra.get(30, TimeUnit.SECONDS);
            rb.get(30, TimeUnit.SECONDS);
            int maxMessage = cb.maxMessage();
            ca.close(); // reads the transport's counts one last time
            cb.close();
            for (String line : a.heard) out.println(line);
            for (String line : b.heard) out.println(line);
            out.println("a traffic: requests=" + ca.traffic().requests() + " connections=" + ca.traffic().connections()
                    + " messages=" + ca.traffic().messages() + " sent>payload=" + (ca.traffic().bytesSent() > 12 + 4)
                    + " received>payload=" + (ca.traffic().bytesReceived() > 12));
            out.println("b maxMessage=" + maxMessage);
        } catch (Exception e) {
            out.println("failed: " + e);
            e.printStackTrace();
            exit = 1;
        }
        out.flush();
        System.exit(exit);
    }

    private static void run(PeerClient client) {
        try {
            client.run();
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
