package dev.rtc.longpoll;

import dev.rtc.cli.Stdio;
import dev.rtc.cli.ClientRun;
import dev.rtc.http.CursorOptions;
import dev.rtc.http.HttpOptions;
import dev.rtc.cli.OutputOptions;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.http.Cursor;
import dev.rtc.http.HttpSession;
import dev.rtc.output.Printer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtc longpoll URL}: the second technique of the seed article, as a loop a script can rely on. */
@Command(name = "longpoll",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Request URL in a loop and print each 200 body as one message. 204, 304, 408 and 504 mean "
                + "\"nothing yet\": asked again at once. Network failures and other 5xx are retried after "
                + "an exponential, jittered backoff from " + LongPoller.BACKOFF_INITIAL + " up to "
                + LongPoller.BACKOFF_CAP + " between attempts; other statuses exit 1. When the very first "
                + "request cannot connect, rtc exits 1 at once.",
            "",
            "Against rtc serve, print every message once: rtc longpoll http://127.0.0.1:8080/longpoll/news --cursor /last_id",
            "",
        })
public final class LongPollCommand implements Callable<Integer> {
    private final Stdio stdio;

    LongPollCommand(Stdio stdio) {
        this.stdio = stdio;
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "http:// or https:// URL (no scheme means http://).")
    String url;

    @Mixin
    CursorOptions cursor;

    @Mixin
    HttpOptions http;

    @Mixin
    OutputOptions output;

    @Mixin
    StopOptions stopOptions;

    @Override
    public Integer call() throws Exception {
        Cursor c = cursor.cursor();
        StopConditions stop = stopOptions.start();
        Printer printer = output.printer(spec.commandLine().getOut(), spec.commandLine().getErr(), stdio.rawOut());
        try (HttpSession session = http.open(url, spec.commandLine().getErr(), stdio.in())) {
            return ClientRun.run(stop, new LongPoller(session, printer, stop, c)::run, session);
        }
    }
}
