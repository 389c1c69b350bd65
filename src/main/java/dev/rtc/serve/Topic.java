package dev.rtc.serve;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One topic: a bounded history and its live subscribers. Ids, history and the subscriber set change
 * under one lock, so a subscriber joining with {@code since} gets its backlog and then every later
 * message exactly once. Deliveries are handed to each event loop in batches (not one task per
 * subscriber, nor per message): a publish appends to that loop's pending list, queued while the lock is
 * held so every subscriber sees messages in id order, and only the first one since the loop last drained
 * schedules a drain. A loop that keeps up drains one message at a time; one that falls behind writes
 * everything pending to each subscriber with a single flush, so its cost per message falls as load rises.
 */
final class Topic {
    private static final Subscriber[] NONE = new Subscriber[0];
    /**
     * Messages written to a subscriber as one piece at most: enough to make a loop that fell behind cheap
     * per message, small enough that a reader which keeps up is never judged slow for one giant write.
     */
    static final int MAX_BATCH = 64;

    final String name;
    private final int historyLimit;
    private final long coalesceNanos;
    private final ArrayDeque<Message> history = new ArrayDeque<>();
    private final Map<EventExecutor, Subscriber[]> byLoop = new IdentityHashMap<>();
    /** Per loop, the messages not yet drained, each with the subscribers it had when published. */
    private final Map<EventExecutor, ArrayList<Delivery>> pending = new IdentityHashMap<>();
    private final EnumMap<Technique, Integer> counts = new EnumMap<>(Technique.class);
    private final Map<String, Long> pollers = new java.util.HashMap<>();
    private long lastId;
    /** Bytes of the history, as {@link Message#retainedBytes} counts them; read without the lock by eviction. */
    private volatile long bytes;
    /** Every topic's retained bytes together ({@code --max-memory}'s measure), kept by each under its lock. */
    private final AtomicLong total;
    /** Gone from the hub: a caller holding it looks the topic up again (see {@link Hub}). */
    private boolean removed;
    /**
     * With --redis: the epoch of the ids held (null until the first message), whether {@link #lastId} is
     * known (this instance saw a message of the topic: from then on it sees every one, in order), and
     * messages received beyond a gap, waiting for it to be filled from Redis.
     */
    private String epoch;
    private boolean known = true;
    private final java.util.TreeMap<Long, Message> ahead = new java.util.TreeMap<>();

    /** Poll clients do not stay connected: one counts as a subscriber while it polled within this window. */
    static final long POLLER_WINDOW_MS = 30_000;
    private static final int MAX_POLLERS_TRACKED = 10_000;

    Topic(String name, int historyLimit) {
        this(name, historyLimit, 0, 0, new AtomicLong());
    }

    /**
     * {@code coalesceNanos > 0}: a loop's first pending message waits that long for company (--coalesce).
     * {@code lastId}: the id the topic had when it last existed, so that ids are never used twice.
     */
    Topic(String name, int historyLimit, long coalesceNanos, long lastId, AtomicLong total) {
        this.name = name;
        this.historyLimit = historyLimit;
        this.coalesceNanos = coalesceNanos;
        this.lastId = lastId;
        this.total = total;
    }

    /** What a subscriber missed and what it gets first. {@code missed} counts ids no longer retained. */
    record Backlog(List<Message> messages, long missed, long lastId, String epoch, boolean reset) {
        Backlog(List<Message> messages, long missed, long lastId) {
            this(messages, missed, lastId, null, false);
        }
    }

    private record Delivery(Message message, Subscriber[] to) {}

    synchronized Message publish(byte[] data, long nowMillis) {
        return publish(data, nowMillis, null);
    }

    /**
     * Stores and queues a new message; null when this topic was removed from the hub meanwhile (ask the hub
     * again). {@code reached}, when given, receives the live subscribers the message was queued to.
     */
    synchronized Message publish(byte[] data, long nowMillis, EnumMap<Technique, Integer> reached) {
        if (removed) return null;
        if (reached != null) reached.putAll(counts);
        Message m = new Message(++lastId, data, nowMillis);
        append(m);
        return m;
    }

    /** A topic of the shared space (--redis): its ids come from Redis, none is known yet. */
    Topic shared() {
        known = false;
        return this;
    }

    /** What {@link #accept} did. */
    enum Accepted { REMOVED, STORED, GAP, EPOCH_CHANGED }

    /**
     * With --redis: stores and delivers {@code m}, which carries its id and epoch. An id already held is
     * ignored; one beyond the next waits until the ids before it came ({@link Accepted#GAP}: fill them
     * from Redis, then call {@link #skipTo} if Redis no longer has them). The first message a topic sees
     * sets where it starts; one of another epoch empties it ({@link Accepted#EPOCH_CHANGED}: its live
     * subscribers must start over).
     */
    synchronized Accepted accept(Message m) {
        if (removed) return Accepted.REMOVED;
        Accepted result = Accepted.STORED;
        if (known && epoch != null && m.epoch != null && !epoch.equals(m.epoch)) {
            retain(-bytes);
            history.clear();
            ahead.clear();
            known = false;
            result = Accepted.EPOCH_CHANGED;
        }
        if (!known) {
            known = true;
            lastId = m.id - 1;
            epoch = m.epoch;
        }
        if (m.id <= lastId) return result;
        if (m.id > lastId + 1) {
            ahead.put(m.id, m);
            return result == Accepted.STORED ? Accepted.GAP : result;
        }
        lastId = m.id;
        append(m);
        for (Message next; (next = ahead.get(lastId + 1)) != null; ) {
            ahead.remove(next.id);
            lastId = next.id;
            append(next);
        }
        ahead.headMap(lastId + 1).clear();
        return !ahead.isEmpty() && result == Accepted.STORED ? Accepted.GAP : result;
    }

    /** Redis no longer retains the ids before {@code id}: go on from the first message waiting. */
    synchronized void skipTo(long id) {
        if (ahead.isEmpty() || id <= lastId + 1) return;
        lastId = Math.min(id, ahead.firstKey()) - 1;
        Message next = ahead.get(lastId + 1);
        if (next != null) accept(next);
    }

    synchronized boolean registered(Subscriber s) {
        Subscriber[] a = byLoop.get(s.executor());
        if (a != null) for (Subscriber x : a) if (x == s) return true;
        return false;
    }

    /** The id a catch-up from Redis starts after; -1 when this instance knows nothing of the topic yet. */
    synchronized long knownLastId() {
        return known ? lastId : -1;
    }

    synchronized String epoch() {
        return epoch;
    }

    /** Live subscribers, for an epoch change that makes them start over. */
    synchronized List<Subscriber> subscribers() {
        List<Subscriber> all = new ArrayList<>();
        for (Subscriber[] a : byLoop.values()) all.addAll(Arrays.asList(a));
        return all;
    }

    /**
     * With --redis: registers {@code s} and returns its backlog when this instance's history covers
     * {@code since} (in {@code epoch}, when given), else null: {@code s} is registered all the same, and the
     * caller reads the backlog from Redis.
     */
    synchronized Backlog subscribeShared(Subscriber s, Long since, String clientEpoch) {
        if (removed) throw new IllegalStateException("removed");
        boolean covered = since == null || (known && (clientEpoch == null || clientEpoch.equals(epoch))
                && since <= lastId && since >= (history.isEmpty() ? lastId : history.peekFirst().id - 1));
        Backlog b = subscribe(s, covered && since != null ? since : null);
        return covered ? new Backlog(b.messages(), b.missed(), b.lastId(), epoch, false) : null;
    }

    /** With --redis: the poll's answer when this instance's history covers {@code since}, else null. */
    synchronized Backlog afterIfCovered(Long since, int limit, String clientEpoch) {
        if (!known || (clientEpoch != null && !clientEpoch.equals(epoch))) return null;
        if (since == null) return history.isEmpty() ? null : new Backlog(List.of(history.peekLast()), 0, lastId, epoch, false);
        if (since > lastId || since < (history.isEmpty() ? lastId : history.peekFirst().id - 1)) return null;
        Backlog b = after(since, limit);
        return new Backlog(b.messages(), b.missed(), b.lastId(), epoch, false);
    }

    private void append(Message m) {
        history.addLast(m);
        retain(m.retainedBytes());
        if (history.size() > historyLimit) retain(-history.removeFirst().retainedBytes());
        for (Map.Entry<EventExecutor, Subscriber[]> e : byLoop.entrySet()) {
            EventExecutor loop = e.getKey();
            ArrayList<Delivery> queue = pending.get(loop);
            Delivery delivery = new Delivery(m, e.getValue());
            if (queue != null) {
                queue.add(delivery);
            } else {
                // Queue first: an executor that runs tasks in place (tests) drains before execute returns.
                queue = new ArrayList<>();
                queue.add(delivery);
                pending.put(loop, queue);
                if (coalesceNanos > 0) {
                    loop.schedule(() -> drain(loop), coalesceNanos, TimeUnit.NANOSECONDS);
                } else {
                    loop.execute(() -> drain(loop));
                }
            }
        }
    }

    /** On {@code loop}: everything published for it since its last drain, in id order, one flush per run. */
    private void drain(EventExecutor loop) {
        ArrayList<Delivery> queue;
        synchronized (this) {
            queue = pending.remove(loop);
        }
        if (queue == null) return;
        // Consecutive messages with the same subscriber array (copy-on-write, so compared by identity)
        // go out together; a subscriber set that changed in between starts a new run.
        Set<Channel> connections = new LinkedHashSet<>();
        for (int i = 0, n = queue.size(); i < n; ) {
            Subscriber[] to = queue.get(i).to();
            int j = i + 1;
            while (j < n && j - i < MAX_BATCH && queue.get(j).to() == to) j++;
            List<Message> run = new ArrayList<>(j - i);
            for (int k = i; k < j; k++) run.add(queue.get(k).message());
            Batch batch = new Batch(run, connections);
            for (Subscriber s : to) s.deliver(batch);
            i = j;
        }
        for (Channel c : connections) c.flush();
    }

    private void retain(long delta) {
        bytes += delta;
        total.addAndGet(delta);
    }

    /**
     * Drops the oldest retained message unless it is {@code keep} (the one being published): the bytes freed,
     * 0 when there was nothing to drop. The last id stays, so a since before it reports the gap.
     */
    synchronized long evictOldest(Message keep) {
        Message oldest = history.peekFirst();
        if (oldest == null || oldest == keep) return 0;
        history.removeFirst();
        retain(-oldest.retainedBytes());
        return oldest.retainedBytes();
    }

    long retainedBytes() {
        return bytes;
    }

    /** Neither messages nor live subscribers: the hub may let it go (see {@link Hub#retire}). */
    synchronized boolean vacant() {
        return history.isEmpty() && byLoop.isEmpty() && ahead.isEmpty();
    }

    /** Marks it gone from the hub when vacant; true when it was. */
    synchronized boolean remove() {
        if (removed || !vacant()) return false;
        removed = true;
        return true;
    }

    /**
     * Messages after {@code since}, at most {@code limit} (oldest first); {@code since == null} means
     * only the latest one.
     */
    synchronized Backlog after(Long since, int limit) {
        if (since == null) {
            List<Message> latest = history.isEmpty() ? List.of() : List.of(history.peekLast());
            return new Backlog(latest, 0, lastId);
        }
        List<Message> out = new ArrayList<>();
        long missed = 0;
        Message oldest = history.peekFirst();
        if (oldest != null && since < oldest.id - 1) {
            missed = oldest.id - 1 - Math.max(since, 0);
        } else if (oldest == null && since < lastId) {
            missed = lastId - Math.max(since, 0);
        }
        for (Iterator<Message> it = history.iterator(); it.hasNext() && out.size() < limit; ) {
            Message m = it.next();
            if (m.id > since) out.add(m);
        }
        return new Backlog(out, missed, lastId);
    }

    /**
     * Registers {@code s} and returns the messages after {@code since} it must send first (none when
     * {@code since} is null). Call from {@code s.executor()} and send the backlog before returning to the
     * loop: live deliveries queued after this call then follow it in order.
     */
    synchronized Backlog subscribe(Subscriber s, Long since) {
        if (removed) return null;
        Backlog backlog = since == null ? new Backlog(List.of(), 0, lastId) : after(since, Integer.MAX_VALUE);
        Subscriber[] current = byLoop.getOrDefault(s.executor(), NONE);
        Subscriber[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = s;
        byLoop.put(s.executor(), next);
        counts.merge(s.technique(), 1, Integer::sum);
        return backlog;
    }

    /** Takes {@code s} off; true when that leaves the topic {@link #vacant}. */
    synchronized boolean unsubscribe(Subscriber s) {
        Subscriber[] current = byLoop.get(s.executor());
        if (current == null) return false;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == s) {
                if (current.length == 1) {
                    byLoop.remove(s.executor());
                } else {
                    Subscriber[] next = new Subscriber[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    byLoop.put(s.executor(), next);
                }
                counts.merge(s.technique(), -1, Integer::sum);
                return vacant();
            }
        }
        return false;
    }

    /** Remembers that {@code client} (its remote address) polled now. */
    synchronized void recordPoll(String client, long nowMillis) {
        if (pollers.size() >= MAX_POLLERS_TRACKED) prunePollers(nowMillis);
        if (pollers.size() < MAX_POLLERS_TRACKED) pollers.put(client, nowMillis);
    }

    synchronized int recentPollers(long nowMillis) {
        prunePollers(nowMillis);
        return pollers.size();
    }

    private void prunePollers(long nowMillis) {
        pollers.values().removeIf(seen -> nowMillis - seen > POLLER_WINDOW_MS);
    }

    synchronized long lastId() {
        return lastId;
    }

    synchronized int retained() {
        return history.size();
    }

    /** Live subscribers per technique; polls are counted by the hub, since they do not stay. */
    synchronized EnumMap<Technique, Integer> subscriberCounts() {
        return new EnumMap<>(counts);
    }
}
