package dev.rtc.serve;

import dev.rtc.json.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The topic space every technique shares: publish once, reach every subscriber. A topic exists while it
 * retains messages or has live subscribers, at most {@code --max-topics} at once; reading one (a poll)
 * creates nothing. A topic that goes away leaves its last id behind, so that ids are never used twice while
 * the process lives. Retained messages of all topics together stay within {@code --max-memory}: past it,
 * the oldest messages of the largest topics go first.
 */
final class Hub {
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    /** The last id of each topic that held messages and went away. */
    private final ConcurrentHashMap<String, Long> lastIds = new ConcurrentHashMap<>();
    private final AtomicLong retained = new AtomicLong();
    private final Object evicting = new Object();
    private final int history;
    private final long coalesceNanos;
    private final long maxMemory;
    private final int maxTopics;
    final Metrics metrics;
    /** With --redis: the shared topic space (set once, before serving); null without. */
    SharedSpace shared;

    Hub(int history, Duration coalesce, Metrics metrics) {
        this(history, coalesce, Long.MAX_VALUE, Integer.MAX_VALUE, metrics);
    }

    Hub(int history, Duration coalesce, long maxMemory, int maxTopics, Metrics metrics) {
        this.history = history;
        this.coalesceNanos = coalesce.toNanos();
        this.maxMemory = maxMemory;
        this.maxTopics = maxTopics;
        this.metrics = metrics;
    }

    static boolean validName(String name) {
        return TOPIC.matcher(name).matches();
    }

    /** The topic when it exists; null otherwise (nothing is created). */
    Topic find(String name) {
        return topics.get(name);
    }

    /** The topic, created when it does not exist; 503 when that would pass {@code --max-topics}. */
    private Topic obtain(String name) {
        Topic t = topics.get(name);
        if (t != null) return t;
        if (topics.size() >= maxTopics) {
            metrics.refused(Metrics.Refusal.MAX_TOPICS);
            throw new Exchange.BadRequest(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many topics: at most " + maxTopics + " exist at once (--max-topics)");
        }
        return topics.computeIfAbsent(name, n -> {
            Long last = lastIds.remove(n);
            Topic created = new Topic(n, history, coalesceNanos, last == null ? 0 : last, retained);
            return shared != null ? created.shared() : created;
        });
    }

    /** With --redis: the topic, created (its ids unknown until Redis tells) when it does not exist. */
    Topic obtainShared(String name) {
        return obtain(name);
    }

    /** Every topic this instance holds now. */
    List<Topic> all() {
        return List.copyOf(topics.values());
    }

    /** A stored message and the topic that holds it. */
    record Published(Topic topic, Message message) {}

    Published publish(String topic, byte[] data) {
        return publish(topic, data, null);
    }

    /** Stores and delivers; {@code reached}, when given, gets the live subscribers it was queued to. */
    Published publish(String topic, byte[] data, EnumMap<Technique, Integer> reached) {
        while (true) {
            Topic t = obtain(topic);
            Message m = t.publish(data, System.currentTimeMillis(), reached);
            if (m != null) {
                metrics.published.increment();
                withinBudget(m);
                return new Published(t, m);
            }
            // Removed between the lookup and the publish: it is gone from the map now, ask again.
        }
    }

    /** What a new subscriber joined, and what it must send first. */
    record Joined(Topic topic, Topic.Backlog backlog) {}

    /** Registers {@code s} (see {@link Topic#subscribe}), creating the topic if need be. */
    Joined subscribe(String topic, Subscriber s, Long since) {
        while (true) {
            Topic t = obtain(topic);
            Topic.Backlog b = t.subscribe(s, since);
            if (b != null) return new Joined(t, b);
        }
    }

    void unsubscribe(Topic t, Subscriber s) {
        if (t.unsubscribe(s)) retire(t);
    }

    /** Lets a topic with neither messages nor subscribers go, remembering its last id. */
    void retire(Topic t) {
        if (!t.remove()) return;
        long last = t.lastId();
        if (last > 0) lastIds.put(t.name, last);
        topics.remove(t.name, t);
    }

    /**
     * What a reader of {@code name} sees without creating it: the topic's messages after {@code since}, or
     * for a topic that does not exist, nothing, with the gap up to its last id if it once had one.
     */
    Topic.Backlog peek(String name, Long since, int limit) {
        Topic t = topics.get(name);
        if (t != null) return t.after(since, limit);
        long last = lastIds.getOrDefault(name, 0L);
        long missed = since != null && since < last ? last - Math.max(since, 0) : 0;
        return new Topic.Backlog(List.of(), missed, last);
    }

    /**
     * Brings the retained bytes back within {@code --max-memory}: the largest topics lose their oldest
     * messages first, level with the next largest, then together, round by round. {@code keep} (the message
     * just published) stays: it fits, since {@code --max-memory} is at least {@code --max-message-size}.
     */
    private void withinBudget(Message keep) {
        if (retained.get() <= maxMemory) return;
        List<Topic> emptied = new ArrayList<>();
        synchronized (evicting) {
            record Size(Topic topic, long bytes) {}
            List<Size> sizes = new ArrayList<>();
            for (Topic t : topics.values()) sizes.add(new Size(t, t.retainedBytes()));
            sizes.sort(Comparator.comparingLong(Size::bytes).reversed());
            int top = 1;
            while (retained.get() > maxMemory && !sizes.isEmpty()) {
                long floor = top < sizes.size() ? sizes.get(top).bytes() : -1;
                boolean evicted = false;
                for (int i = 0; i < top && retained.get() > maxMemory; i++) {
                    Topic t = sizes.get(i).topic();
                    if (t.retainedBytes() > floor && t.evictOldest(keep) > 0) {
                        evicted = true;
                        metrics.evicted.increment();
                        if (t.retainedBytes() == 0) emptied.add(t);
                    }
                }
                if (!evicted) {
                    if (top >= sizes.size()) break;
                    top++;
                }
            }
        }
        for (Topic t : emptied) {
            if (t.vacant()) retire(t);
        }
    }

    int size() {
        return topics.size();
    }

    long retainedBytes() {
        return retained.get();
    }

    /** {@code {"poll":…,"longpoll":…,"stream":…,"sse":…,"ws":…}} for one topic. */
    static String subscribersJson(Topic t) {
        return subscribersJson(t, t.subscriberCounts());
    }

    /** The same, with the held subscribers counted by the caller. */
    static String subscribersJson(Topic t, EnumMap<Technique, Integer> counts) {
        Json o = Json.object();
        for (Technique tech : Technique.values()) {
            o.put(tech.label(), tech == Technique.POLL ? t.recentPollers(System.currentTimeMillis())
                    : counts.getOrDefault(tech, 0));
        }
        return o.toString();
    }

    /** {@code GET /topics}: every topic, sorted by name. */
    String topicsJson() {
        StringBuilder sb = new StringBuilder("{\"topics\":[");
        Map<String, Topic> sorted = new TreeMap<>(topics);
        boolean first = true;
        for (Topic t : sorted.values()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(Json.object().put("topic", t.name).put("last_id", t.lastId()).put("retained", t.retained())
                    .putRaw("subscribers", subscribersJson(t)));
        }
        return sb.append("]}").toString();
    }
}
