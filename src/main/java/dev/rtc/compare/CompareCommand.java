package dev.rtc.compare;

import dev.rtc.cli.ByteSizes;
import dev.rtc.cli.Durations;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.Terminals;
import dev.rtc.cli.UsageException;
import dev.rtc.http.HttpOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.Server;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc compare [URL]}: the seed article's comparison table, measured. */
@Command(name = "compare",
        header = "The seed article's comparison table, measured: every technique at once, on the same messages.",
        description = {
            "Polling, long polling, a chunked stream, Server-Sent Events, WebSocket and a WebRTC data channel, "
                + "each through the client code of its own subcommand. Prints, per technique, what was delivered, "
                + "lost, duplicated or reordered, latency from the publish call to receipt (p50/p90/p99/max), HTTP "
                + "requests, every byte on the wire each way (counted by a relay between each technique's clients "
                + "and the server), reconnections and, under --chaos, recovery; beside them the seed article's own "
                + "words for the technique. -X and -d do not apply: compare makes its own requests.",
            "",
            "Without URL it starts an embedded rtc serve on a free loopback port. The default run (100 "
                + "messages of 256 bytes at 50/s) takes about 10 seconds.",
            "",
            "The WebRTC row never uses this machine's network interfaces unless --webrtc-host says so: as root "
                + "on Linux without URL, compare runs inside a private network namespace it creates and "
                + "removes; otherwise the row is skipped with a line saying so.",
            "",
        })
public final class CompareCommand extends RtcCommand {
    @Parameters(paramLabel = "URL", arity = "0..1",
            description = "A server speaking rtc serve's routes (http:// or https://); none starts an embedded one.")
    String url;

    @Option(names = "--techniques", paramLabel = "LIST", split = ",", defaultValue = "poll,longpoll,stream,sse,ws,peer",
            description = "Which techniques to measure (default: ${DEFAULT-VALUE}).")
    List<String> techniques;

    @Option(names = "--subscribers", paramLabel = "K", defaultValue = "1",
            description = "Subscribers per technique (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "100",
            description = "Messages to publish (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "256", converter = ByteSizes.class,
            description = "Bytes per message, its sequence number and publish time included (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "50",
            description = "Messages per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--binary",
            description = "Publish payloads that are not UTF-8 (SSE then carries base64: see its bytes per message).")
    boolean binary;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "1s", converter = Durations.class,
            description = "How often the poll subscriber asks (default: ${DEFAULT-VALUE}, the seed's polling).")
    Duration pollInterval;

    @Option(names = "--rtt", paramLabel = "DURATION", defaultValue = "0", converter = Durations.class,
            description = "Round-trip delay added between every subscriber and the server, half each way (default: ${DEFAULT-VALUE}).")
    Duration rtt;

    @Option(names = "--chaos",
            description = "Cut every subscriber's connection once, halfway through, and show what each technique "
                    + "lost and how long it took to recover.")
    boolean chaos;

    @Option(names = "--webrtc-host",
            description = "Let the WebRTC peers use this machine's network interfaces instead of a private namespace.")
    boolean webrtcHost;

    @ArgGroup(exclusive = true)
    FormatChoice format = new FormatChoice();

    static final class FormatChoice {
        @Option(names = "--json", description = "NDJSON: a conditions record, then one record per technique.")
        boolean json;

        @Option(names = "--csv", description = "CSV: a header line, then one line per technique with the conditions.")
        boolean csv;

        @Option(names = "--markdown", description = "A Markdown table with the conditions above it.")
        boolean markdown;

        Report.Format format() {
            return json ? Report.Format.JSON : csv ? Report.Format.CSV : markdown ? Report.Format.MARKDOWN : Report.Format.TEXT;
        }
    }

    @Mixin
    HttpOptions http;

    @Override
    public Integer call() throws Exception {
        List<Technique> chosen = validate();
        PrintWriter out = out();
        PrintWriter err = err();
        if (chosen.contains(Technique.PEER) && Subscribers.AVAILABLE.contains(Technique.PEER) && url == null && !webrtcHost
                && !PrivateNetwork.inside() && PrivateNetwork.unavailable() == null) {
            return PrivateNetwork.rerun(ownArgs(), out, err, Terminals.stderrIsTerminal());
        }
        HttpUrl given = url == null ? null : HttpSession.parseUrl(url); // a malformed URL is a usage error first
        Server embedded = url == null ? Server.start(embeddedConfig()) : null;
        try {
            HttpUrl root = given != null ? given : HttpSession.parseUrl(embedded.url());
            String topic = Comparison.freshTopic();
            HttpUrl publishUrl = root.newBuilder().addPathSegment("publish").addPathSegment(topic).build();
            try (HttpSession session = http.open(publishUrl.toString(), err, stdio().in())) {
                Publisher publisher = new Publisher(session, publishUrl, size, binary);
                publisher.publishRaw("rtc compare: checking the server"); // one line, exit 1, when it is down
                List<Technique> measured = new ArrayList<>();
                List<Row> rows = new ArrayList<>();
                for (Technique t : chosen) {
                    String why = skipReason(t);
                    if (why == null) {
                        measured.add(t);
                    } else {
                        rows.add(Row.skipped(t, why));
                        err.println("rtc compare: " + t.id() + ": skipped: " + why);
                    }
                }
                err.flush();
                Comparison.Settings settings = new Comparison.Settings(measured, subscribers, messages, size, rate,
                        binary, rtt, chaos, pollInterval);
                InetSocketAddress address = new InetSocketAddress(root.host(), root.port());
                Subscribers clients = new Subscribers(http, err, stdio().in(), pollInterval, maxMessage(),
                        Math.max(4L << 20, messages * (2L * size + 200)));
                rows.addAll(new Comparison(settings, address, publisher, clients, progress(err)).run(topic));
                rows.sort(java.util.Comparator.comparingInt(r -> chosen.indexOf(r.technique())));
                String server = url != null ? url : "embedded rtc serve on " + embedded.url()
                        + (PrivateNetwork.inside() ? " in a private network namespace" : "");
                PrintWriter report = PrivateNetwork.report(out);
                Report.print(format.format(), Conditions.of(server, http.version().words(root.isHttps()), settings), rows, report);
                if (report != out) report.close();
                return rows.stream().anyMatch(r -> r.outcome() == Row.Outcome.BROKEN) ? ExitCodes.FAILURE : ExitCodes.OK;
            }
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    private List<Technique> validate() {
        List<Technique> chosen = new ArrayList<>();
        for (String id : techniques) {
            Technique t = Technique.of(id);
            if (t == null) throw new UsageException("--techniques: unknown technique '" + id.trim() + "': choose from " + Technique.ids());
            if (!chosen.contains(t)) chosen.add(t);
        }
        if (subscribers < 1 || subscribers > 1000) throw new UsageException("--subscribers must be 1 to 1000, got " + subscribers);
        if (messages < 1 || messages > 1_000_000) throw new UsageException("--messages must be 1 to 1000000, got " + messages);
        if (!(rate > 0) || rate > 100_000) throw new UsageException("--rate must be above 0 and at most 100000, got " + rate);
        if (size > 16 << 20) throw new UsageException("--size must be at most 16MiB, got " + size);
        if (pollInterval.isZero() || pollInterval.isNegative()) throw new UsageException("--poll-interval must be longer than 0");
        if (rtt.isNegative()) throw new UsageException("--rtt must not be negative");
        var parsed = spec.commandLine().getParseResult();
        for (String own : List.of("--data", "--request")) {
            if (parsed.hasMatchedOption(own)) throw new UsageException(own + " does not apply: rtc compare makes its own requests");
        }
        return chosen;
    }

    /** Why a technique cannot run here, or null when it can. */
    private String skipReason(Technique t) {
        if (!Subscribers.AVAILABLE.contains(t)) return "this build has no library client for " + t.id() + " yet";
        if (t != Technique.PEER || webrtcHost || PrivateNetwork.inside()) return null;
        String hint = "; --webrtc-host lets the peers use this machine's network interfaces";
        if (url != null) return "WebRTC runs in a private network namespace only with the embedded server" + hint;
        return "cannot make a private network namespace (" + PrivateNetwork.unavailable() + ")" + hint;
    }

    /** This command's arguments as given, for the run inside the namespace. */
    private List<String> ownArgs() {
        List<String> all = spec.root().commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return all.subList(at + 1, all.size());
    }

    /** The largest message a client accepts: room for --size, base64 and framing included. */
    private int maxMessage() {
        return Math.max(1 << 20, 2 * size + 1024);
    }

    private ServeConfig embeddedConfig() {
        int history = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, messages + 100));
        ServeConfig c = ServeConfig.loopback().withHistory(history);
        if (size + 1024 > c.maxMessageSize()) c = c.withLimits(size + 1024, Math.max(c.maxPending(), 4 * (size + 1024)));
        return c;
    }

    /** A line on stderr that rewrites itself, only when stderr is a terminal. */
    private static Consumer<String> progress(PrintWriter err) {
        if (!Terminals.stderrIsTerminal() && !PrivateNetwork.progressWanted()) return null;
        return line -> {
            err.print(line == null ? "\r\033[K" : "\r\033[K" + line);
            err.flush();
        };
    }
}
