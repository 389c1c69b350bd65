package dev.rtc.serve.interop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.redis.Cluster;
import dev.rtc.redis.RedisServer;
import dev.rtc.serve.ServeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /metrics} as the Prometheus project's own text parser (Debian's python3-prometheus-client) reads it. */
@Timeout(value = 60, unit = SECONDS)
class PrometheusInteropTest {
    private static final Duration RUN = Duration.ofSeconds(15);
    private static final Pattern BUCKET = Pattern.compile("rtc_redis_command_seconds_bucket\\{command=publish,le=([^}]+)} (\\d+)");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** What the parser understood of {@code served}'s /metrics: "TYPE name type" and "name{labels} value" lines. */
    private static List<String> parsed(Served served) {
        Proc.Result r = Proc.run(RUN, Tool.prometheusPython(), Tool.script("py/metrics.py").toString(), served.http("/metrics"));
        assertEquals(0, r.exit(), "the parser rejected /metrics\n--- stdout:\n" + r.out() + "\n--- stderr:\n" + r.err());
        return r.out().lines().toList();
    }

    @Test
    void everyFamilyParsesWithItsTypeAndValues() {
        Served served = Served.start();
        open.add(served);
        served.publish("news", "one");
        served.publish("news", "two");
        served.get("/poll/news?since=0");

        List<String> lines = parsed(served);

        for (String line : List.of("TYPE rtc_messages_published counter", "rtc_messages_published_total{} 2",
                "TYPE rtc_messages_delivered counter", "rtc_messages_delivered_total{technique=poll} 2",
                "TYPE rtc_subscribers gauge", "rtc_subscribers{technique=sse} 0", "TYPE rtc_topics gauge", "rtc_topics{} 1")) {
            assertTrue(lines.contains(line), line + " missing from\n" + String.join("\n", lines));
        }
        assertFalse(lines.stream().anyMatch(l -> l.contains("rtc_redis")), "Redis figures without --redis:\n" + String.join("\n", lines));
    }

    @Test
    void withRedisItGivesCommandRoundTripsAsAHistogramAndWhetherRedisIsUp() {
        RedisServer redis = RedisServer.started();
        open.add(redis);
        Cluster.Options options = new Cluster.Options(redis.url(), null, 100);
        Served a = Served.start(ServeConfig.loopback().withHistory(100), options);
        open.add(a);
        for (String m : List.of("one", "two", "three")) a.publish("news", m); // stored in order, in the background
        waitFor("a stored all three", () -> a.get("/poll/news?since=0").contains("\"last_id\":3"));
        // Started after them, b has nothing of the topic cached: its poll reads the history from Redis.
        Served b = Served.start(ServeConfig.loopback().withHistory(100), options);
        open.add(b);
        assertTrue(b.get("/poll/news?since=0").contains("\"last_id\":3"), "b reads what a published, from Redis");

        List<String> onA = parsed(a);
        assertTrue(onA.contains("TYPE rtc_redis_command_seconds histogram"), String.join("\n", onA));
        assertTrue(onA.contains("rtc_redis_command_seconds_count{command=publish} 3"), String.join("\n", onA));
        assertTrue(onA.contains("rtc_redis_up{} 1"), String.join("\n", onA));
        // Cumulative: never decreasing, ending at the count in +Inf.
        List<String> buckets = new ArrayList<>();
        long previous = 0;
        for (String l : onA) {
            Matcher m = BUCKET.matcher(l);
            if (!m.matches()) continue;
            long n = Long.parseLong(m.group(2));
            assertTrue(n >= previous, "bucket le=" + m.group(1) + " below the one before it:\n" + String.join("\n", onA));
            previous = n;
            buckets.add(m.group(1));
        }
        assertEquals("+Inf", buckets.get(buckets.size() - 1), String.join("\n", onA));
        assertEquals(3, previous, "+Inf holds every publish");
        List<String> onB = parsed(b);
        assertTrue(onB.stream().anyMatch(l -> l.matches("rtc_redis_command_seconds_count\\{command=read} [1-9]\\d*")),
                "b's read of the history is counted:\n" + String.join("\n", onB));

        redis.stop();
        waitFor("rtc_redis_up 0 once Redis stopped", () -> a.get("/metrics").contains("\nrtc_redis_up 0\n"));
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail(what + ": not within " + RUN.toSeconds() + "s");
            Served.sleep(20);
        }
    }
}
