package dev.rtc.compare;

import dev.rtc.cli.RtcException;
import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One comparison run: a relay and {@code subscribers} clients per technique on one fresh topic, a
 * warm-up message published until every subscriber has heard one, then the probes at the rate asked
 * for (under --chaos every relay cuts its connections once, halfway), then a grace for late arrivals,
 * and one {@link Row} per technique.
 */
final class Comparison {
    /** How long subscribers get to connect and hear the warm-up before the run gives up on them. */
    static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final long WARM_UP_EVERY_NANOS = 100_000_000L;

    /** What to measure, as the command line asked. */
    record Settings(List<Technique> techniques, int subscribers, long messages, int size, double rate,
            boolean binary, Duration rtt, boolean chaos, Duration pollInterval) {

        /** After the last publish, how long a technique may take to bring the rest before it counts as lost. */
        Duration grace() {
            long ms = Math.max(1000, pollInterval.toMillis() * 3 / 2) + 2 * rtt.toMillis() + (chaos ? 3000 : 0);
            return Duration.ofMillis(ms);
        }
    }

    /** Makes a technique's library client for a subscriber at {@code base} (the relay's http://HOST:PORT). */
    interface Clients {
        Client make(Technique technique, String base, String topic, ClientListener listener);

        /**
         * For a two-way technique, a client → other client pair whose receiving side reports to
         * {@code listener} and which {@link Forwarder forwards} what it is given; null for one-way ones.
         */
        default Client upstream(Technique technique, String base, String topic, ClientListener listener) {
            return null;
        }
    }

    /**
     * A client that sends the run's messages itself, from one client to another, instead of hearing the
     * server's publishes: a WebRTC pair, or a WebSocket sending upstream. It is handed each message as
     * it is published.
     */
    interface Forwarder {
        /** Sends {@code data} from one side; false when it could not (not connected). */
        boolean forward(byte[] data) throws InterruptedException;
    }

    private final Settings settings;
    private final InetSocketAddress server;
    private final Publisher publisher;
    private final Clients clients;
    private final Consumer<String> progress;

    Comparison(Settings settings, InetSocketAddress server, Publisher publisher, Clients clients, Consumer<String> progress) {
        this.settings = settings;
        this.server = server;
        this.publisher = publisher;
        this.clients = clients;
        this.progress = progress;
    }

    /** A topic no one else publishes to, so a server in use elsewhere adds nothing to the counts. */
    static String freshTopic() {
        return "rtc-compare-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    List<Row> run(String topic) throws InterruptedException {
        Map<Technique, Relay> relays = new LinkedHashMap<>();
        Map<Technique, List<Subscription>> subs = new LinkedHashMap<>();
        Map<Technique, List<Subscription>> ups = new LinkedHashMap<>();
        List<Relay> upRelays = new ArrayList<>();
        try {
            for (Technique t : settings.techniques()) {
                Relay relay = startRelay();
                relays.put(t, relay);
                String base = "http://" + relay.address().getHostAddress() + ":" + relay.port();
                List<Subscription> list = new ArrayList<>();
                for (int k = 0; k < settings.subscribers(); k++) {
                    Subscription s = new Subscription(t);
                    list.add(s);
                    start(s, () -> clients.make(t, base, topic, s));
                }
                subs.put(t, list);
                if (t.twoWay()) {
                    // its own relay, so the technique's byte counts stay the subscribers' alone
                    Relay upRelay = startRelay();
                    upRelays.add(upRelay);
                    String upBase = "http://" + upRelay.address().getHostAddress() + ":" + upRelay.port();
                    List<Subscription> upList = new ArrayList<>();
                    for (int k = 0; k < settings.subscribers(); k++) {
                        Subscription s = new Subscription(t);
                        Client c = clients.upstream(t, upBase, topic + "-up", s);
                        if (c == null) break;
                        upList.add(s);
                        start(s, () -> c);
                    }
                    if (!upList.isEmpty()) ups.put(t, upList);
                }
            }
            List<Subscription> all = new ArrayList<>();
            subs.values().forEach(all::addAll);
            ups.values().forEach(all::addAll);
            long started = System.nanoTime();
            warmUp(all);
            measure(all, relays, started, subs);
            return rows(subs, ups, relays);
        } finally {
            for (List<Subscription> list : subs.values()) list.forEach(Comparison::stop);
            for (List<Subscription> list : ups.values()) list.forEach(Comparison::stop);
            relays.values().forEach(Relay::close);
            upRelays.forEach(Relay::close);
        }
    }

    private Relay startRelay() {
        try {
            return Relay.start(InetAddress.getLoopbackAddress(), server, settings.rtt());
        } catch (IOException e) {
            throw new RtcException("cannot start a relay on loopback: " + e.getMessage());
        }
    }

    private interface Maker {
        Client make();
    }

    private static void start(Subscription s, Maker maker) {
        Relay.daemon("rtc-compare-" + s.technique.id(), () -> {
            try {
                Client c = maker.make();
                s.client = c;
                c.run();
            } catch (Throwable e) {
                s.failure = e;
            } finally {
                s.ended = true;
            }
        });
    }

    private static void stop(Subscription s) {
        Client c = s.client;
        if (c != null) c.close();
    }

    /**
     * Publishes a message that is not a probe (and has each forwarder send one) until every live
     * subscriber has heard one, or {@link #WARM_UP} passes.
     */
    private void warmUp(List<Subscription> all) throws InterruptedException {
        byte[] warm = "rtc compare warm-up".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + WARM_UP.toNanos();
        long next = 0;
        while (System.nanoTime() < deadline) {
            boolean done = true;
            for (Subscription s : all) done &= s.warm() || s.ended;
            if (done) return;
            if (System.nanoTime() >= next) {
                publisher.publishRaw("rtc compare warm-up");
                for (Subscription s : all) {
                    if (s.client instanceof Forwarder f && !s.warm()) f.forward(warm);
                }
                next = System.nanoTime() + WARM_UP_EVERY_NANOS;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private void measure(List<Subscription> all, Map<Technique, Relay> relays, long started,
            Map<Technique, List<Subscription>> subs) throws InterruptedException {
        long half = (settings.messages() + 1) / 2;
        Throwable[] publishFailure = new Throwable[1];
        Thread publishing = Relay.daemon("rtc-compare-publish", () -> {
            try {
                publisher.run(settings.messages(), settings.rate(), seq -> {
                    forward(all, seq);
                    if (settings.chaos() && seq == half) cut(all, relays, seq);
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                publishFailure[0] = e;
            }
        });
        long deadline = Long.MAX_VALUE;
        while (true) {
            if (!publishing.isAlive() && deadline == Long.MAX_VALUE) {
                if (publishFailure[0] instanceof RuntimeException e) throw e;
                deadline = System.nanoTime() + settings.grace().toNanos();
            }
            if (progress != null) progress.accept(progressLine(subs, started));
            if (!publishing.isAlive() && (allDelivered(all) || System.nanoTime() >= deadline)) break;
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (progress != null) progress.accept(null);
    }

    /** The forwarders send message {@code seq} themselves, timed from their own send. */
    private void forward(List<Subscription> all, long seq) {
        for (Subscription s : all) {
            if (s.client instanceof Forwarder f) {
                try {
                    f.forward(new Probe(seq, System.nanoTime()).encode(settings.size(), settings.binary()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void cut(List<Subscription> all, Map<Technique, Relay> relays, long seq) {
        long now = System.nanoTime();
        for (Subscription s : all) s.cutAt(now, seq);
        relays.values().forEach(Relay::cut);
    }

    private boolean allDelivered(List<Subscription> all) {
        for (Subscription s : all) {
            if (!s.ended && s.recorder.tally(settings.messages()).lost() > 0) return false;
        }
        return true;
    }

    private String progressLine(Map<Technique, List<Subscription>> subs, long started) {
        StringBuilder sb = new StringBuilder();
        long expected = settings.messages() * settings.subscribers();
        for (Map.Entry<Technique, List<Subscription>> e : subs.entrySet()) {
            long got = 0;
            for (Subscription s : e.getValue()) got += s.recorder.delivered();
            sb.append(e.getKey().id()).append(' ').append(got).append('/').append(expected).append("  ");
        }
        return sb.append(String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - started) / 1e9)).toString();
    }

    private List<Row> rows(Map<Technique, List<Subscription>> subs, Map<Technique, List<Subscription>> ups,
            Map<Technique, Relay> relays) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Technique, List<Subscription>> e : subs.entrySet()) {
            Technique t = e.getKey();
            Relay relay = relays.get(t);
            Recorder.Tally tally = Recorder.Tally.empty();
            long requests = 0;
            long reconnections = 0;
            double recovery = Double.NaN;
            List<String> notes = new ArrayList<>();
            boolean kept = true;
            for (Subscription s : e.getValue()) {
                Recorder.Tally one = s.recorder.tally(settings.messages());
                tally = tally.plus(one);
                if (s.client != null) {
                    requests += s.client.traffic().requests();
                    reconnections += Math.max(s.reconnections(), s.client.traffic().reconnections());
                }
                if (settings.chaos() && t != Technique.PEER) recovery = max(recovery, s.recoveryMillis());
                String broken = s.failure != null && one.lost() > 0 ? describe(s.failure)
                        : Promise.broken(t, settings.chaos(), one, s.missed());
                if (broken != null) {
                    kept = false;
                    if (!notes.contains(broken)) notes.add(broken);
                }
            }
            if (kept) {
                String note = Promise.note(t, settings.chaos(), tally, e.getValue().stream().mapToLong(Subscription::missed).sum());
                if (!note.isEmpty()) notes.add(note);
            }
            Recorder.Tally upstream = null;
            for (Subscription s : ups.getOrDefault(t, List.of())) {
                Recorder.Tally one = s.recorder.tally(settings.messages());
                upstream = upstream == null ? one : upstream.plus(one);
            }
            if (upstream != null && settings.chaos()) notes.add("its upstream pair was not cut");
            long up = relay.bytesUp();
            long down = relay.bytesDown();
            if (t == Technique.PEER) {
                // the relay saw only the signalling; the data channel's bytes are libwebrtc's transport counts
                for (Subscription s : e.getValue()) {
                    if (s.client == null) continue;
                    up += s.client.traffic().bytesSent();
                    down += s.client.traffic().bytesReceived();
                }
                if (!settings.rtt().isZero()) notes.add("peer to peer: not delayed by --rtt");
                if (settings.chaos()) notes.add("peer to peer: not cut by --chaos");
            }
            rows.add(new Row(t, settings.subscribers(), settings.messages(), tally, upstream, requests, relay.connections(),
                    reconnections, up, down, recovery,
                    kept ? Row.Outcome.KEPT : Row.Outcome.BROKEN, String.join("; ", notes)));
        }
        return rows;
    }

    private static double max(double a, double b) {
        if (Double.isNaN(a)) return b;
        if (Double.isNaN(b)) return a;
        return Math.max(a, b);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
