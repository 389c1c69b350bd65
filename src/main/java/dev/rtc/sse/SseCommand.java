package dev.rtc.sse;

import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.UsageException;
import dev.rtc.cli.ByteSizes;
import dev.rtc.cli.ClientRun;
import dev.rtc.cli.PrintingListener;
import dev.rtc.cli.Durations;
import dev.rtc.http.HttpOptions;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Printer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc sse URL}: an EventSource for the terminal, POST streams included. */
@Command(name = "sse",
        header = "A standard EventSource client: reconnects with Last-Event-ID; POST streams for LLM APIs.",
        description = {
            "Read URL as Server-Sent Events, parsed as the HTML standard says, and print each event's data "
                + "(data lines joined with LF).",
            "",
            "When the stream ends or fails, reconnect after the "
                + "reconnection time (--retry, else the server's retry but never less than "
                + SseClient.MIN_SERVER_RETRY_MS + "ms, so that a server's retry: 0 cannot make rtc reconnect "
                + "without pause, else " + SseClient.DEFAULT_RETRY_MS + "ms; doubled for each further attempt "
                + "in a row that brings no event, from at least " + SseClient.BACKOFF_FLOOR_MS + "ms up to "
                + SseClient.BACKOFF_CAP_MS / 1000 + "s) with Last-Event-ID. "
                + "A 204 ends the run (exit 0); another status than 200 (reported with the server's reason), or "
                + "a Content-Type other than text/event-stream, exits 1 without a retry. When the very first "
                + "request cannot connect, rtc exits 1 at once.",
            "",
            "Follow a topic of rtc serve:",
            "  rtc sse http://127.0.0.1:8080/sse/news",
            "An LLM-style stream (POST with a JSON body), ended cleanly by its last event:",
            "  rtc sse URL --bearer KEY -d @request.json --until '\\[DONE\\]'",
            "",
        })
public final class SseCommand extends RtcCommand {
    @Parameters(paramLabel = "URL", description = "http:// or https:// URL (no scheme means http://).")
    String url;

    @Option(names = "--event", paramLabel = "NAME",
            description = "Print only events of this type (repeatable; 'message' is an event without an event field).")
    List<String> events = List.of();

    @Option(names = "--last-event-id", paramLabel = "ID", description = "Start from this id: sent as Last-Event-ID.")
    String lastEventId;

    @Option(names = "--retry", paramLabel = "DURATION", converter = Durations.class,
            description = "Reconnection time, instead of the server's retry field.")
    Duration retry;

    @Option(names = "--no-reconnect", negatable = false,
            description = "Exit when the stream ends (0) or fails (1) instead of reconnecting.")
    boolean noReconnect;

    @Option(names = "--max-retries", paramLabel = "N",
            description = "Exit 1 after N reconnection attempts in a row that bring no event.")
    Integer maxRetries;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Reconnect when nothing at all (not even a comment) arrives for DURATION once the stream is open.")
    Duration heartbeatTimeout;

    @Option(names = "--max-line", paramLabel = "BYTES", converter = ByteSizes.class, defaultValue = "4MiB",
            description = "Longest line, and longest event data, accepted; longer fails with exit 1 (default: ${DEFAULT-VALUE}).")
    int maxLine;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "One JSON object per line (NDJSON): events (with id, event, retry) and lifecycle records.")
        boolean json;

        @Option(names = "--raw", description = "Print each event in SSE syntax (id:, event:, retry:, data: lines, then a "
                + "blank line). SSE data is always text, so the --raw of other commands (binary payloads) does not apply.")
        boolean raw;
    }

    @Mixin
    HttpOptions http;

    @Mixin
    StopOptions stopOptions;

    @Override
    public Integer call() throws Exception {
        if (maxRetries != null && maxRetries < 0) throw new UsageException("--max-retries must not be negative");
        if (heartbeatTimeout != null && heartbeatTimeout.isZero()) {
            throw new UsageException("--heartbeat-timeout must be positive");
        }
        StopConditions stop = stopOptions.start();
        Printer printer = new Printer(out(), err(), null, format.json, Printer.Binary.HEX);
        SseClient.Settings settings = new SseClient.Settings(new LinkedHashSet<>(events), format.raw, retry, lastEventId,
                !noReconnect, maxRetries, heartbeatTimeout, maxLine);
        try (HttpSession session = http.open(url, err(), stdio().in())) {
            SseClient client = SseClient.create(session, settings, new PrintingListener(printer, stop, true));
            return ClientRun.run(stop.closing(client), client);
        }
    }
}
