package dev.rtc.serve;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters for {@code /metrics}: cheap to bump from any event loop, summed only when scraped. */
final class Metrics {
    /** What the server turns away to protect itself, one label each on {@code rtc_refused_total}. */
    enum Refusal {
        /** Accepted past {@code --max-connections} and closed at once. */
        MAX_CONNECTIONS,
        /** A request head or a stalled body past {@code --header-timeout}: 408. */
        HEADER_TIMEOUT,
        /**
         * Malformed HTTP, a broken body framing, an unsupported HTTP version: 400, 414, 431, 505; an HTTP/2
         * connection that broke the protocol: GOAWAY with an error.
         */
        MALFORMED,
        /** A body over {@code --max-message-size}: 413. */
        TOO_LARGE,
        /** A topic past {@code --max-topics}: 503. */
        MAX_TOPICS,
        /** A WebSocket that broke RFC 6455 (1002, 1007) or sent a message too big (1009). */
        WEBSOCKET_PROTOCOL,
        /** An HTTP/2 stream past SETTINGS_MAX_CONCURRENT_STREAMS: RST_STREAM(REFUSED_STREAM). */
        MAX_STREAMS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    final LongAdder connectionsOpen = new LongAdder();
    final LongAdder connectionsTotal = new LongAdder();
    /** Connections by the HTTP they speak, once their first bytes (or ALPN) decided it. */
    final LongAdder h1Open = new LongAdder();
    final LongAdder h1Total = new LongAdder();
    final LongAdder h2Open = new LongAdder();
    final LongAdder h2Total = new LongAdder();
    final LongAdder h2StreamsOpen = new LongAdder();
    final LongAdder h2StreamsTotal = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder slowDisconnects = new LongAdder();
    /** accept(2) failures (out of descriptors, say), after each of which accepting pauses and resumes. */
    final LongAdder acceptErrors = new LongAdder();
    /** Retained messages dropped, oldest first from the largest topics, to stay within {@code --max-memory}. */
    final LongAdder evicted = new LongAdder();
    /** With --redis: --tick and --stdin messages dropped after Redis stayed away past the retry bound. */
    final LongAdder publishDropped = new LongAdder();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    /** With --redis: each command's round trip, from sending it to its answer on the loop that sent it. */
    final Histogram redisPublish = new Histogram();
    final Histogram redisRead = new Histogram();
    /** With --redis: whether every connection to Redis is up (what /healthz says); null without --redis. */
    volatile java.util.function.BooleanSupplier redisUp;

    Metrics() {
        for (Refusal r : Refusal.values()) refused.put(r, new LongAdder());
    }

    void refused(Refusal why) {
        refused.get(why).increment();
    }

    long refusedCount(Refusal why) {
        return refused.get(why).sum();
    }
    final Map<Technique, LongAdder> delivered = perTechnique();
    final Map<Technique, LongAdder> subscribersOpen = perTechnique();

    private static Map<Technique, LongAdder> perTechnique() {
        Map<Technique, LongAdder> m = new EnumMap<>(Technique.class);
        for (Technique t : Technique.values()) m.put(t, new LongAdder());
        return m;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    String render(int topics, long retainedBytes) {
        StringBuilder sb = new StringBuilder(2048);
        gauge(sb, "rtc_connections_open", "Open TCP connections.", connectionsOpen.sum());
        counter(sb, "rtc_connections_total", "TCP connections accepted.", connectionsTotal.sum());
        sb.append("# HELP rtc_http_connections_open Open connections per HTTP version (h1: HTTP/1.1 and WebSockets; h2: HTTP/2).\n")
          .append("# TYPE rtc_http_connections_open gauge\n")
          .append("rtc_http_connections_open{protocol=\"h1\"} ").append(h1Open.sum()).append('\n')
          .append("rtc_http_connections_open{protocol=\"h2\"} ").append(h2Open.sum()).append('\n');
        sb.append("# HELP rtc_http_connections_total Connections per HTTP version.\n")
          .append("# TYPE rtc_http_connections_total counter\n")
          .append("rtc_http_connections_total{protocol=\"h1\"} ").append(h1Total.sum()).append('\n')
          .append("rtc_http_connections_total{protocol=\"h2\"} ").append(h2Total.sum()).append('\n');
        gauge(sb, "rtc_http2_streams_open", "Open HTTP/2 streams, over all HTTP/2 connections.", h2StreamsOpen.sum());
        counter(sb, "rtc_http2_streams_total", "HTTP/2 streams opened by clients.", h2StreamsTotal.sum());
        counter(sb, "rtc_http_requests_total", "HTTP requests received (WebSocket handshakes and HTTP/2 streams included).", requests.sum());
        gauge(sb, "rtc_topics", "Topics that exist.", topics);
        counter(sb, "rtc_messages_published_total", "Messages published to any topic.", published.sum());
        counter(sb, "rtc_publish_dropped_total", "--tick and --stdin messages dropped while Redis stayed away (--redis).", publishDropped.sum());
        sb.append("# HELP rtc_messages_delivered_total Messages delivered to subscribers, per technique.\n")
          .append("# TYPE rtc_messages_delivered_total counter\n");
        delivered.forEach((t, n) -> sb.append("rtc_messages_delivered_total{technique=\"").append(t.label())
                .append("\"} ").append(n.sum()).append('\n'));
        sb.append("# HELP rtc_subscribers Live subscribers, per technique (polls are not held open).\n")
          .append("# TYPE rtc_subscribers gauge\n");
        subscribersOpen.forEach((t, n) -> {
            if (t != Technique.POLL) {
                sb.append("rtc_subscribers{technique=\"").append(t.label()).append("\"} ").append(n.sum()).append('\n');
            }
        });
        counter(sb, "rtc_slow_subscribers_disconnected_total",
                "Subscribers (a connection, or an HTTP/2 stream) dropped because their unsent data passed --max-pending.", slowDisconnects.sum());
        sb.append("# HELP rtc_refused_total Connections, requests and WebSockets refused to protect the server, per reason.\n")
          .append("# TYPE rtc_refused_total counter\n");
        refused.forEach((r, n) -> sb.append("rtc_refused_total{reason=\"").append(r.label()).append("\"} ")
                .append(n.sum()).append('\n'));
        counter(sb, "rtc_accept_errors_total", "Failures to accept a connection (such as no free descriptor); each pauses accepting briefly.",
                acceptErrors.sum());
        gauge(sb, "rtc_retained_bytes", "Bytes of retained messages, counted against --max-memory.", retainedBytes);
        counter(sb, "rtc_messages_evicted_total", "Retained messages dropped to stay within --max-memory.", evicted.sum());
        counter(sb, "rtc_received_bytes_total", "Bytes read from clients.", bytesReceived.sum());
        counter(sb, "rtc_sent_bytes_total", "Bytes written to clients.", bytesSent.sum());
        java.util.function.BooleanSupplier up = redisUp;
        if (up != null) {
            gauge(sb, "rtc_redis_up", "1 while every connection to Redis is up (--redis), else 0.", up.getAsBoolean() ? 1 : 0);
            sb.append("# HELP rtc_redis_command_seconds Round trip of a command to Redis (--redis), from sending it to its answer on the loop"
                    + " that sent it: publish stores a message, read fetches history.\n")
              .append("# TYPE rtc_redis_command_seconds histogram\n");
            redisPublish.render(sb, "rtc_redis_command_seconds", "command=\"publish\"");
            redisRead.render(sb, "rtc_redis_command_seconds", "command=\"read\"");
        }
        return sb.toString();
    }

    /** A Prometheus histogram of durations: fixed buckets, bumped from any loop, cumulative when rendered. */
    static final class Histogram {
        /** Upper bounds in seconds: from a round trip on one machine to the command timeout. */
        private static final String[] LE = {"0.00025", "0.0005", "0.001", "0.002", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
            "1", "2.5", "5"};
        private static final long[] BOUNDS = java.util.Arrays.stream(LE).mapToLong(le -> Math.round(Double.parseDouble(le) * 1e9)).toArray();
        private final LongAdder[] counts = new LongAdder[BOUNDS.length + 1];
        private final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        void record(long nanos) {
            int i = 0;
            while (i < BOUNDS.length && nanos > BOUNDS[i]) i++;
            counts[i].increment();
            sumNanos.add(nanos);
        }

        void render(StringBuilder sb, String name, String labels) {
            long cumulative = 0;
            for (int i = 0; i <= BOUNDS.length; i++) {
                cumulative += counts[i].sum();
                String le = i == BOUNDS.length ? "+Inf" : LE[i];
                sb.append(name).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ").append(cumulative).append('\n');
            }
            sb.append(name).append("_sum{").append(labels).append("} ").append(sumNanos.sum() / 1e9).append('\n')
              .append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
        }
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        metric(sb, name, help, "counter", value);
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        metric(sb, name, help, "gauge", value);
    }

    private static void metric(StringBuilder sb, String name, String help, String type, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
          .append("# TYPE ").append(name).append(' ').append(type).append('\n')
          .append(name).append(' ').append(value).append('\n');
    }
}
