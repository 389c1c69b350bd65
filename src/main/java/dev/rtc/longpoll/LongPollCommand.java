package dev.rtc.longpoll;

import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.ClientRun;
import dev.rtc.http.ResponseOptions;
import dev.rtc.cli.PrintingListener;
import dev.rtc.cli.Backoff;
import dev.rtc.http.HttpOptions;
import dev.rtc.cli.OutputOptions;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rtc longpoll URL}: the second technique of the seed article, as a loop a script can rely on. */
@Command(name = "longpoll",
        header = "Long-poll a URL in a loop with a cursor, retrying with backoff.",
        description = {
            "Request URL in a loop and print each 200 body as one message, or each element of an array in it.",
            "",
            "With --each JSON_POINTER each element of the array it names is one message. 204, 304, 408 "
                + "and 504 mean \"nothing yet\": asked again at once. Network "
                + "failures and other 5xx are retried after an " + Backoff.HELP + "; other statuses (with the "
                + "server's reason) and a body over --max-message-size exit 1. When the very first request "
                + "cannot connect, rtc exits 1 at once.",
            "",
            "Against rtc serve, print every message once:",
            "  rtc longpoll http://127.0.0.1:8080/longpoll/news --cursor /last_id --each /messages",
            "",
        })
public final class LongPollCommand extends RtcCommand {
    @Parameters(paramLabel = "URL", description = "http:// or https:// URL (no scheme means http://).")
    String url;

    @Mixin
    ResponseOptions response;

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
        LongPollClient.Settings settings = new LongPollClient.Settings(response.cursor(), response.cursorParam(),
                response.each(), response.maxMessageSize());
        try (HttpSession session = http.open(url, err(), stdio().in())) {
            LongPollClient client = LongPollClient.create(session, settings, new PrintingListener(printer, stop, false));
            return ClientRun.run(stop.closing(client), client);
        }
    }
}
