package dev.rtc.serve;

import dev.rtc.tls.KeyMaterial;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code rtc serve} was told, in one place the server reads. {@code cors} and {@code token} are
 * null when not given; {@code log} is null under {@code --quiet}; {@code tls} is null for cleartext;
 * {@code trustProxy} holds the networks of {@code --trust-proxy} (empty when not given); {@code threads} is the
 * number of event loops ({@code --threads}; 0: Netty's default, two per core).
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
        PrintWriter log,
        Limits limits,
        Tls tls,
        List<String> trustProxy,
        int threads) {

    public ServeConfig {
        trustProxy = List.copyOf(trustProxy);
    }

    /** Without the protective limits of {@link Limits}: those take their defaults. */
    public ServeConfig(String host, int port, int history, int maxMessageSize, int maxPending, Duration heartbeat,
            Duration coalesce, String cors, String token, PrintWriter log) {
        this(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, Limits.defaults(), null, List.of(), 0);
    }

    /**
     * TLS on every connection: the server's certificate chain and key, and the CA certificates a client's
     * certificate must chain to ({@code --tls-client-ca}; empty: no client certificate is asked for).
     */
    public record Tls(KeyMaterial identity, List<X509Certificate> clientCa) {
        public Tls {
            clientCa = List.copyOf(clientCa);
        }

        public Tls(KeyMaterial identity) {
            this(identity, List.of());
        }
    }

    /**
     * What keeps a hostile or careless peer from taking the server down: open connections, the time a
     * request head (or a stalled body) may take, the bytes of retained messages, and how many topics exist.
     */
    public record Limits(int maxConnections, Duration headerTimeout, long maxMemory, int maxTopics) {
        public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
        public static final int MAX_TOPICS = 10_000;
        /** The part of the maximum heap that retained messages may take by default. */
        public static final int MEMORY_SHARE_PERCENT = 25;
        /** Descriptors kept back from {@code --max-connections}' default for the JVM, its jars and the loops. */
        static final int RESERVED_DESCRIPTORS = 64;

        /** The defaults, from this process's descriptor limit and maximum heap. */
        public static Limits defaults() {
            return new Limits(defaultMaxConnections(), HEADER_TIMEOUT, defaultMaxMemory(), MAX_TOPICS);
        }

        /** The descriptor limit less a reserve (a tenth of it, at least {@link #RESERVED_DESCRIPTORS}). */
        public static int defaultMaxConnections() {
            long limit = descriptorLimit();
            long reserve = Math.max(RESERVED_DESCRIPTORS, limit / 10);
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - reserve));
        }

        public static long defaultMaxMemory() {
            long share = Runtime.getRuntime().maxMemory() / 100 * MEMORY_SHARE_PERCENT;
            return share >> 20 << 20;
        }

        /**
         * The process's limit on open descriptors (the JVM has raised the soft limit to the hard one), read
         * from /proc on Linux rather than through the management beans, which cost start-up time; 4096 where
         * neither says.
         */
        static long descriptorLimit() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                    if (line.startsWith("Max open files")) {
                        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                        return "unlimited".equals(soft) ? Integer.MAX_VALUE : Long.parseLong(soft);
                    }
                }
            } catch (java.io.IOException | RuntimeException notLinux) {
                // below
            }
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
                return unix.getMaxFileDescriptorCount();
            }
            return 4096;
        }

        public Limits withMaxConnections(int n) {
            return new Limits(n, headerTimeout, maxMemory, maxTopics);
        }

        public Limits withHeaderTimeout(Duration d) {
            return new Limits(maxConnections, d, maxMemory, maxTopics);
        }

        public Limits withMaxMemory(long bytes) {
            return new Limits(maxConnections, headerTimeout, bytes, maxTopics);
        }

        public Limits withMaxTopics(int n) {
            return new Limits(maxConnections, headerTimeout, maxMemory, n);
        }
    }

    /** Defaults for tests and for {@code rtc compare}'s embedded server: port 0, quiet. */
    public static ServeConfig loopback() {
        return new ServeConfig("127.0.0.1", 0, 1000, 1 << 20, 4 << 20, Duration.ofSeconds(15), Duration.ZERO, null, null, null);
    }

    public ServeConfig withPort(int newPort) {
        return new ServeConfig(host, newPort, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, limits, tls, trustProxy, threads);
    }

    public ServeConfig withHistory(int newHistory) {
        return new ServeConfig(host, port, newHistory, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, limits, tls, trustProxy, threads);
    }

    public ServeConfig withLimits(int newMaxMessageSize, int newMaxPending) {
        return new ServeConfig(host, port, history, newMaxMessageSize, newMaxPending, heartbeat, coalesce, cors, token, log, limits, tls, trustProxy, threads);
    }

    public ServeConfig withHeartbeat(Duration newHeartbeat) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, newHeartbeat, coalesce, cors, token, log, limits, tls, trustProxy, threads);
    }

    public ServeConfig withCoalesce(Duration newCoalesce) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, newCoalesce, cors, token, log, limits, tls, trustProxy, threads);
    }

    public ServeConfig withAccess(String newCors, String newToken) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, newCors, newToken, log, limits, tls, trustProxy, threads);
    }

    public ServeConfig withLog(PrintWriter newLog) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, newLog, limits, tls, trustProxy, threads);
    }

    public ServeConfig with(Limits newLimits) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, newLimits, tls, trustProxy, threads);
    }

    /** Believing X-Forwarded-For and Forwarded from these networks (--trust-proxy). */
    public ServeConfig withTrustProxy(List<String> cidrs) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, limits, tls, cidrs, threads);
    }

    public ServeConfig withHost(String newHost) {
        return new ServeConfig(newHost, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, limits, tls, trustProxy, threads);
    }

    /** With {@code newThreads} event loops (0: Netty's default, two per core). */
    public ServeConfig withThreads(int newThreads) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, limits, tls, trustProxy, newThreads);
    }

    /** Over TLS with {@code newTls}, or cleartext when null. */
    public ServeConfig withTls(Tls newTls) {
        return new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce, cors, token, log, limits, newTls, trustProxy, threads);
    }
}
