package dev.rtc.serve;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters for {@code /metrics}: cheap to bump from any event loop, summed only when scraped. */
final class Metrics {
    final LongAdder connectionsOpen = new LongAdder();
    final LongAdder connectionsTotal = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder slowDisconnects = new LongAdder();
    final Map<Technique, LongAdder> delivered = perTechnique();
    final Map<Technique, LongAdder> subscribersOpen = perTechnique();

    private static Map<Technique, LongAdder> perTechnique() {
        Map<Technique, LongAdder> m = new EnumMap<>(Technique.class);
        for (Technique t : Technique.values()) m.put(t, new LongAdder());
        return m;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    String render(int topics) {
        StringBuilder sb = new StringBuilder(2048);
        gauge(sb, "rtc_connections_open", "Open TCP connections.", connectionsOpen.sum());
        counter(sb, "rtc_connections_total", "TCP connections accepted.", connectionsTotal.sum());
        counter(sb, "rtc_http_requests_total", "HTTP requests received (WebSocket handshakes included).", requests.sum());
        gauge(sb, "rtc_topics", "Topics that exist.", topics);
        counter(sb, "rtc_messages_published_total", "Messages published to any topic.", published.sum());
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
                "Connections dropped because their unsent data passed --max-pending.", slowDisconnects.sum());
        counter(sb, "rtc_received_bytes_total", "Bytes read from clients.", bytesReceived.sum());
        counter(sb, "rtc_sent_bytes_total", "Bytes written to clients.", bytesSent.sum());
        return sb.toString();
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
