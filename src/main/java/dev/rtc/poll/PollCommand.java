package dev.rtc.poll;

import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.UsageException;
import dev.rtc.cli.ClientRun;
import dev.rtc.http.ResponseOptions;
import dev.rtc.cli.PrintingListener;
import dev.rtc.cli.Durations;
import dev.rtc.http.HttpOptions;
import dev.rtc.cli.OutputOptions;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Printer;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc poll URL}: the first technique of the seed article, with what a shell loop around curl loses. */
@Command(name = "poll",
        header = "Request a URL every interval; print each body, only the changes, or each message once.",
        description = {
            "Request URL every --interval and print each response body, or each element of an array in it.",
            "",
            "A body is one message (a trailing newline is not part of it); with --each JSON_POINTER each "
                + "element of the array it names is one. HTTP errors (with the server's reason) and network "
                + "failures are reported on stderr and polling goes on, unless --fail; but when the very "
                + "first request cannot connect, rtc exits 1 at once.",
            "",
            "Against rtc serve, print every message once:",
            "  rtc poll http://127.0.0.1:8080/poll/news --cursor /last_id --each /messages",
            "",
        })
public final class PollCommand extends RtcCommand {
    @Parameters(paramLabel = "URL", description = "http:// or https:// URL (no scheme means http://).")
    String url;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", converter = Durations.class, defaultValue = "1s",
            description = "Time from the start of one request to the start of the next (default: ${DEFAULT-VALUE}; "
                    + "0 asks again as soon as an answer is in).")
    Duration interval;

    @Option(names = "--changes",
            description = "Print a body only when it changed: sends If-None-Match / If-Modified-Since when the "
                    + "server offered ETag / Last-Modified (a 304 is unchanged), else compares bodies.")
    boolean changes;

    @Mixin
    ResponseOptions response;

    @Option(names = "--fail", description = "Exit 1 at the first HTTP error status or network failure.")
    boolean fail;

    @Mixin
    HttpOptions http;

    @Mixin
    OutputOptions output;

    @Mixin
    StopOptions stopOptions;

    @Override
    public Integer call() throws Exception {
        if (interval.isNegative()) {
            throw new UsageException("--interval must not be negative");
        }
        StopConditions stop = stopOptions.start();
        Printer printer = output.printer(out(), err(), stdio().rawOut());
        PollClient.Settings settings = new PollClient.Settings(interval, changes, response.cursor(), response.cursorParam(),
                response.each(), fail, response.maxMessageSize());
        try (HttpSession session = http.open(url, err(), stdio().in())) {
            PollClient client = PollClient.create(session, settings, new PrintingListener(printer, stop, false));
            return ClientRun.run(stop.closing(client), client);
        }
    }
}
