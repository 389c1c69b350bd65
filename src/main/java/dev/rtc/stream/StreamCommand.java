package dev.rtc.stream;

import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.ByteSizes;
import dev.rtc.cli.ClientRun;
import dev.rtc.cli.Backoff;
import dev.rtc.cli.PrintingListener;
import java.util.Map;
import dev.rtc.http.HttpOptions;
import dev.rtc.cli.OutputOptions;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Printer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc stream URL}: the third technique of the seed article, one response that keeps coming. */
@Command(name = "stream",
        header = "Print a streamed body as it arrives, line by line or chunk by chunk.",
        description = {
            "Request URL and print its body as it arrives, a line or a chunk at a time, never buffering the "
                + "whole response.",
            "",
            "A message is a line (--lines, the default: its \\n or \\r\\n is not part of it, and a last "
                + "line without one still counts) or each read as it returns (--chunks, up to "
                + StreamClient.READ_SIZE + " bytes). Messages that are not UTF-8 print as hex (or --base64); "
                + "--raw writes the body byte for byte, line ends included, as curl -N does. A line cut off by "
                + "a broken connection is not printed. The request asks for Accept-Encoding: identity "
                + "unless -H gives another, so no compressing server holds the stream back.",
            "",
            "The body ending is exit 0, unless --count or --until is still unmet (exit 1). A status other "
                + "than 2xx is exit 1; a 204 or an empty body is reported on stderr and counts as the end. With "
                + "--reconnect an ended or broken stream is requested again after an " + Backoff.HELP
                + " (back to the start once a whole message arrives); a 5xx then is retried too, but when the very first "
                + "request fails rtc exits 1 at once. An error status is reported with the server's reason.",
            "",
            "--json adds \"bytes\" to each message: its size as received, line end included; an \"open\" "
                + "record (with \"status\") when the response headers arrive, a \"close\" record when the body ends.",
            "",
            "Against rtc serve: rtc stream http://127.0.0.1:8080/stream/news",
            "",
        })
public final class StreamCommand extends RtcCommand {
    @Parameters(paramLabel = "URL", description = "http:// or https:// URL (no scheme means http://).")
    String url;

    @ArgGroup(exclusive = true)
    Framing framing = new Framing();

    static final class Framing {
        @Option(names = "--lines", description = "A message is a line (default).")
        boolean lines;

        @Option(names = "--chunks", description = "A message is each read as it returns, however the bytes were split.")
        boolean chunks;
    }

    @Option(names = "--hex", description = "Print every message as binary: hex, or base64 with --base64, even when it is text.")
    boolean hex;

    @Option(names = "--max-line", paramLabel = "BYTES", converter = ByteSizes.class, defaultValue = "1MiB",
            description = "Longest line to hold (default: ${DEFAULT-VALUE}); a longer one is exit 1.")
    int maxLine;

    @Option(names = "--reconnect", description = "Request URL again when the stream ends or breaks (backoff above).")
    boolean reconnect;

    @Mixin
    HttpOptions http;

    @Mixin
    OutputOptions output;

    @Mixin
    StopOptions stopOptions;

    @Override
    public Integer call() throws Exception {
        StopConditions stop = stopOptions.start();
        Printer printer = output.printer(out(), err(), stdio().rawOut());
        boolean raw = printer.raw(); // the body byte for byte, line ends included
        StreamClient.Settings settings = new StreamClient.Settings(framing.chunks, raw, raw || hex, maxLine, reconnect);
        try (HttpSession session = http.open(url, err(), stdio().in())) {
            PrintingListener printing = new PrintingListener(printer, stop, true) {
                @Override
                public void closed(Integer code, String reason) {
                    // In text mode the end of the body is the end of the output, not worth a line on stderr.
                    printer().event("close", null, Map.of());
                }
            };
            StreamClient client = StreamClient.create(session, settings, printing);
            return ClientRun.run(stop.closing(client), client);
        }
    }
}
