package dev.rtc.serve;

import dev.rtc.output.Json;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The topic space every technique shares: publish once, reach every subscriber. */
final class Hub {
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final int history;
    private final long coalesceNanos;
    final Metrics metrics;

    Hub(int history, Duration coalesce, Metrics metrics) {
        this.history = history;
        this.coalesceNanos = coalesce.toNanos();
        this.metrics = metrics;
    }

    static boolean validName(String name) {
        return TOPIC.matcher(name).matches();
    }

    Topic topic(String name) {
        return topics.computeIfAbsent(name, n -> new Topic(n, history, coalesceNanos));
    }

    Message publish(String topic, byte[] data) {
        Message m = topic(topic).publish(data, System.currentTimeMillis());
        metrics.published.increment();
        return m;
    }

    int size() {
        return topics.size();
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
