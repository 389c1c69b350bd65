package dev.rtc.serve;

import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.UsageException;
import dev.rtc.cli.ByteSizes;
import dev.rtc.cli.Durations;
import dev.rtc.cli.Signals;
import dev.rtc.output.Timestamps;
import dev.rtc.tls.KeyMaterial;
import dev.rtc.tls.Pem;
import dev.rtc.tls.SelfSigned;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rtc serve}: every technique on one port, over one topic space. */
@Command(name = "serve",
        header = "One server, every technique, one topic space: a message published once reaches every subscriber of every technique.",
        description = {
            "Serve polling, long polling, chunked streaming, Server-Sent Events, WebSocket and WebRTC "
                + "signalling on one port, over one topic space: a message published once reaches the "
                + "subscribers of every technique. GET / lists the routes (in a browser: a live demo).",
            "",
            "A subscriber that stops reading is disconnected, with a line in the log, once more than "
                + "--max-pending bytes wait unsent for it; it can resume from its last id. A since older "
                + "than the history resumes from the oldest retained message and reports the gap "
                + "(header X-Rtc-Missed, \"missed\" in poll bodies, an rtc-gap event on SSE).",
            "",
            "A poll or long-poll body carries about " + (PollRoute.MAX_BODY_BYTES >> 20) + " MiB of messages at most (always "
                + "one): \"more\": true says that more wait, to ask for again with since=last_id.",
            "",
            "With --tls-cert and --tls-key, or --tls self-signed, every route is served over https:// and wss:// "
                + "(ALPN: http/1.1) instead.",
            "",
            "Once bound, serve prints 'rtc serve listening on http://HOST:PORT' on stderr (https:// with TLS, and then "
                + "'rtc serve certificate FILE sha256 FINGERPRINT …'), then a line with the limits in force "
                + "(--max-connections, --header-timeout, --max-memory, --max-topics). /metrics counts what "
                + "they refused (rtc_refused_total, by reason) and what --max-memory evicted.",
            "",
            "SIGINT and SIGTERM drain: WebSockets close with 1001, streams end, then exit 0.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:stopped by SIGINT or SIGTERM, after draining",
            " 1:cannot start: the port is taken, the address is not this machine's, permission denied; a TLS file "
                + "missing or unreadable, a key that does not match, a certificate expired",
            " 2:usage: unknown option or bad value",
        })
public final class ServeCommand extends RtcCommand {
    static final Duration MAX_COALESCE = Duration.ofSeconds(1);

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 or :: for every interface).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8080",
            description = "Port to bind (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--history", paramLabel = "N", defaultValue = "1000",
            description = "Messages kept per topic for since and Last-Event-ID (default: ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "1MiB", converter = ByteSizes.class,
            description = "Largest message: bigger publishes get 413, bigger WebSocket messages close 1009 (default: ${DEFAULT-VALUE}).")
    int maxMessageSize;

    @Option(names = "--max-pending", paramLabel = "BYTES", defaultValue = "4MiB", converter = ByteSizes.class,
            description = "Unsent bytes a slow subscriber may accumulate before it is disconnected (default: ${DEFAULT-VALUE}).")
    int maxPending;

    @Option(names = "--tick", paramLabel = "DURATION", converter = Durations.class,
            description = "Publish 'tick <n> <time>' to topic 'ticks' this often.")
    Duration tick;

    @Option(names = "--stdin", paramLabel = "TOPIC",
            description = "Publish each line of stdin to TOPIC.")
    String stdinTopic;

    @Option(names = "--cors", paramLabel = "ORIGIN|*",
            description = "Let browsers on ORIGIN (or any, with *) call every route. Off unless given.")
    String cors;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Require 'Authorization: Bearer TOKEN' or ?token=TOKEN on every route but /healthz.")
    String token;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "15s", converter = Durations.class,
            description = "SSE comment and WebSocket ping interval; a WebSocket silent for two is closed; 0 turns both off (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--coalesce", paramLabel = "DURATION", defaultValue = "0", converter = Durations.class,
            description = "Hold each topic's messages up to this long and send them to each subscriber in one write "
                    + "(default: ${DEFAULT-VALUE}, each at once). Trades up to that much latency for less CPU per "
                    + "message under large fan-out, e.g. 20ms for thousands of subscribers.")
    Duration coalesce;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event loops that carry the connections (default: two per CPU core). With several instances "
                    + "on one machine, give each its share of the cores.")
    Integer threads;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections at most; more are closed as soon as accepted (default: the descriptor "
                    + "limit, ulimit -n, less a tenth of it, at least " + ServeConfig.Limits.RESERVED_DESCRIPTORS
                    + ", kept for the server itself; the value in force is printed at start).")
    Integer maxConnections;

    @Option(names = "--header-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "A request head must arrive whole within this long of its first byte, and a request body "
                    + "must not pause longer, else 408 and the connection closed (default: 10s).")
    Duration headerTimeout;

    @Option(names = "--max-memory", paramLabel = "BYTES", converter = ByteSizes.class,
            description = "Bytes of retained messages across all topics; past it the oldest messages of the largest "
                    + "topics are dropped, and a since before them reports the gap as for --history (default: "
                    + ServeConfig.Limits.MEMORY_SHARE_PERCENT + "%% of the maximum heap, at most 2 GiB; the value in force "
                    + "is printed at start).")
    Integer maxMemory;

    @Option(names = "--max-topics", paramLabel = "N",
            description = "Topics that may exist at once; a topic exists while it retains messages or has live "
                    + "subscribers. A publish or subscription that would create one more gets 503 (default: "
                    + ServeConfig.Limits.MAX_TOPICS + ").")
    Integer maxTopics;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Share one topic space with every rtc serve on this Redis: redis://[USER:PASSWORD@]HOST:PORT[/DB], "
                    + "rediss:// for TLS; the password may come from RTC_REDIS_PASSWORD instead. Redis assigns ids and keeps "
                    + "the history (--history per topic); see DETAILS.")
    String redis;

    @Option(names = "--redis-cacert", paramLabel = "FILE",
            description = "With a rediss:// --redis: trust a Redis certificate signed by a CA of this PEM file (or in it), "
                    + "instead of the JDK's CAs.")
    Path redisCacert;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve https:// and wss:// with this certificate (PEM; the server's own first, then its chain). Needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The private key of --tls-cert (PEM, not encrypted: PKCS#8, or traditional RSA or EC; RSA or EC keys).")
    Path tlsKey;

    @Option(names = "--tls", paramLabel = "self-signed", completionCandidates = TlsModes.class,
            description = "self-signed: serve https:// and wss:// with a certificate made for localhost, 127.0.0.1, ::1 and "
                    + "--host, kept in $XDG_STATE_HOME/rtc/tls/ (~/.local/state/rtc/tls/) and reused while valid; "
                    + "its file and SHA-256 fingerprint are printed at start, for clients' --cacert.")
    String tlsMode;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "Require a client certificate signed by a CA of this PEM file (with --tls-cert or --tls self-signed).")
    Path tlsClientCa;

    @Option(names = "--trust-proxy", paramLabel = "CIDR", arity = "1..*",
            description = "Behind a load balancer: believe X-Forwarded-For and Forwarded (for=) from these networks "
                    + "only (e.g. 10.0.0.0/8, ::1, 127.0.0.1/32): the access log and the poll-subscriber identity then "
                    + "name the client as the right-most address not among them. From any other peer those headers are ignored.")
    List<String> trustProxy = List.of();

    @Option(names = {"-q", "--quiet"}, description = "No access log on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter err = err();
        Certificate certificate = certificate();
        ServeConfig config = new ServeConfig(host, port, history, maxMessageSize, maxPending, heartbeat, coalesce,
                cors, token, quiet ? null : err, limits(), certificate == null ? null : certificate.tls(), trustProxy,
                threads == null ? 0 : threads);
        CountDownLatch stop = new CountDownLatch(1);
        try (Server server = redis == null ? Server.start(config)
                : Server.start(config, new dev.rtc.redis.Cluster.Options(redis, System.getenv("RTC_REDIS_PASSWORD"), history,
                        redisCacert == null ? List.of() : Pem.certificates(redisCacert)))) {
            // Handled rather than left to the JVM, whose default would exit 130/143 without a drain.
            Signals.onTermination(stop::countDown);
            err.println("rtc serve listening on " + server.url());
            if (certificate != null) err.println(certificate.line());
            err.println(limitsLine(config));
            err.flush();
            if (tick != null) {
                AtomicLong n = new AtomicLong();
                server.every(tick, () -> server.publish("ticks", utf8("tick " + n.incrementAndGet() + " " + Timestamps.now())));
            }
            if (stdinTopic != null) readStdin(server, err);
            stop.await();
            server.note("draining");
        }
        return 0;
    }

    /** The values of {@code --tls}, for shell completion. */
    static final class TlsModes extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        TlsModes() {
            super(List.of("self-signed"));
        }
    }

    /** What TLS serves with, and the file clients are to trust; read (and checked) before anything listens. */
    record Certificate(Path file, ServeConfig.Tls tls, boolean selfSigned, Path clientCa) {
        /**
         * The line after the listening line: {@code rtc serve certificate FILE sha256 FINGERPRINT (…)}, the file and
         * fingerprint first, for scripts and for {@code --cacert FILE}.
         */
        String line() {
            return "rtc serve certificate " + file.toAbsolutePath() + " sha256 " + tls.identity().fingerprint() + " ("
                    + (selfSigned ? "self-signed, " : "") + "valid until " + tls.identity().notAfter()
                    + (selfSigned ? "; clients trust it with --cacert and this file" : "")
                    + (clientCa == null ? "" : "; client certificates required, signed by a CA of " + clientCa) + ")";
        }
    }

    private Certificate certificate() {
        if (tlsCert == null && tlsMode == null) return null;
        List<X509Certificate> clientCas = tlsClientCa == null ? List.of() : Pem.certificates(tlsClientCa);
        if (tlsMode != null) {
            SelfSigned s = SelfSigned.forHost(host);
            return new Certificate(s.certificate(), new ServeConfig.Tls(s.material(), clientCas), true, tlsClientCa);
        }
        return new Certificate(tlsCert, new ServeConfig.Tls(KeyMaterial.load(tlsCert, tlsKey), clientCas), false, tlsClientCa);
    }

    private ServeConfig.Limits limits() {
        ServeConfig.Limits d = ServeConfig.Limits.defaults();
        return new ServeConfig.Limits(
                maxConnections == null ? d.maxConnections() : maxConnections,
                headerTimeout == null ? d.headerTimeout() : headerTimeout,
                maxMemory == null ? Math.max(maxMessageSize, Math.min(d.maxMemory(), Integer.MAX_VALUE - 8)) : maxMemory,
                maxTopics == null ? d.maxTopics() : maxTopics);
    }

    /** The line after the listening line: every protective limit in force, defaults computed. */
    static String limitsLine(ServeConfig config) {
        ServeConfig.Limits l = config.limits();
        return "limits: " + l.maxConnections() + " connections (--max-connections), request heads within "
                + Durations.format(l.headerTimeout()) + " (--header-timeout), " + bytes(l.maxMemory())
                + " of retained messages (--max-memory), " + l.maxTopics() + " topics (--max-topics)";
    }

    private static String bytes(long n) {
        return n % (1 << 20) == 0 ? (n >> 20) + "MiB" : n % 1024 == 0 ? (n >> 10) + "KiB" : n + " bytes";
    }

    private void validate() {
        if (port < 0 || port > 65535) throw new UsageException("--port must be 0 to 65535, got " + port);
        if (redis != null && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            throw new UsageException("--redis must be a redis:// or rediss:// URL, got '" + redis + "'");
        }
        if (redisCacert != null && (redis == null || !redis.startsWith("rediss://"))) {
            throw new UsageException("--redis-cacert needs a rediss:// --redis URL (TLS to Redis)");
        }
        try {
            TrustedProxies.parse(trustProxy);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--trust-proxy " + e.getMessage());
        }
        if (history < 1) throw new UsageException("--history must be at least 1, got " + history);
        if (stdinTopic != null && !Hub.validName(stdinTopic)) throw new UsageException("--stdin: invalid topic '" + stdinTopic + "': use 1 to 128 of A-Z a-z 0-9 . _ ~ -");
        if (tick != null && tick.isZero()) throw new UsageException("--tick must be longer than 0");
        if (coalesce.compareTo(MAX_COALESCE) > 0) throw new UsageException("--coalesce must be at most " + Durations.format(MAX_COALESCE) + ", got " + Durations.format(coalesce));
        if (token != null && token.isBlank()) throw new UsageException("--token must not be empty");
        if (cors != null && cors.isBlank()) throw new UsageException("--cors needs an origin such as https://example.com, or *");
        if (maxConnections != null && maxConnections < 1) throw new UsageException("--max-connections must be at least 1, got " + maxConnections);
        if (threads != null && (threads < 1 || threads > 1024)) throw new UsageException("--threads must be 1 to 1024, got " + threads);
        if (maxTopics != null && maxTopics < 1) throw new UsageException("--max-topics must be at least 1, got " + maxTopics);
        if (headerTimeout != null && headerTimeout.isZero()) throw new UsageException("--header-timeout must be longer than 0");
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UsageException(tlsCert == null ? "--tls-key needs --tls-cert, the certificate of that key" : "--tls-cert needs --tls-key, the private key of that certificate");
        }
        if (tlsMode != null && !tlsMode.equals("self-signed")) {
            throw new UsageException("--tls: the one value is self-signed, got '" + tlsMode + "' (for a certificate of your own: --tls-cert FILE --tls-key FILE)");
        }
        if (tlsMode != null && tlsCert != null) throw new UsageException("--tls self-signed and --tls-cert/--tls-key exclude each other: give one");
        if (tlsClientCa != null && tlsCert == null && tlsMode == null) {
            throw new UsageException("--tls-client-ca needs TLS: add --tls-cert FILE --tls-key FILE, or --tls self-signed");
        }
        if (maxMemory != null && maxMemory < maxMessageSize) {
            throw new UsageException("--max-memory must be at least --max-message-size (" + maxMessageSize + " bytes), got " + maxMemory);
        }
    }


    /** A daemon thread: stdin reaching its end leaves the server running. */
    private void readStdin(Server server, PrintWriter err) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdio().in(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    byte[] data = utf8(line);
                    if (data.length > maxMessageSize) {
                        server.note("stdin: skipped a line of " + data.length + " bytes, over --max-message-size");
                    } else {
                        server.publish(stdinTopic, data);
                    }
                }
            } catch (IOException e) {
                err.println("rtc: stdin: " + e.getMessage());
                err.flush();
            }
        }, "rtc-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
