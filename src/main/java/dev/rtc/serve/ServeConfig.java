package dev.rtc.serve;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Everything {@code rtc serve} was told, in one place the server reads. {@code cors} and {@code token} are
 * null when not given; {@code log} is null under {@code --quiet}.
 */
public record ServeConfig(
        String host,
        int port,
        int history,
        int maxMessageSize,
        int maxPending,
        Duration heartbeat,
        Duration coalesce,
        String cors,
        String token,
        PrintWriter log) {

    /** Defaults for tests and for {@code rtc compare}'s embedded server: port 0, quiet. */
    public static ServeConfig loopback() {
        return new ServeConfig("127.0.0.1", 0, 1000, 1 << 20, 4 << 20, Duration.ofSeconds(15), Duration.ZERO, null, null, null);
    }

    public ServeConfig withPort(int newPort) {
        return new ServeConfig(host, newPort, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log);
    }

    public ServeConfig withHistory(int newHistory) {
        return new ServeConfig(host, port, newHistory, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log);
    }

    public ServeConfig withLimits(int newMaxMessageSize, int newMaxPending) {
        return new ServeConfig(host, port, history, newMaxMessageSize, newMaxPending, heartbeat, coalesce, cors, token, log);
    }

    public ServeConfig withHeartbeat(Duration newHeartbeat) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, newHeartbeat, coalesce, cors, token, log);
    }

    public ServeConfig withCoalesce(Duration newCoalesce) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, newCoalesce, cors, token, log);
    }

    public ServeConfig withAccess(String newCors, String newToken) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, newCors, newToken, log);
    }

    public ServeConfig withLog(PrintWriter newLog) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, newLog);
    }

    public ServeConfig withHost(String newHost) {
        return new ServeConfig(newHost, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log);
    }
}
