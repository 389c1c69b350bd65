package dev.rtc.ws;

import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.Backoff;
import dev.rtc.cli.ByteSizes;
import dev.rtc.cli.ClientRun;
import dev.rtc.cli.Durations;
import dev.rtc.cli.OutputOptions;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.cli.UsageException;
import dev.rtc.output.Printer;
import dev.rtc.serve.Server;
import dev.rtc.websocket.Handshake;
import dev.rtc.websocket.HandshakeOptions;
import dev.rtc.websocket.WsClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc ws URL}: a WebSocket client, pleasant at a prompt and exact in a script; {@code -l} listens instead. */
@Command(name = "ws",
        header = "A WebSocket client (a prompt at a terminal, a pipe otherwise) or, with -l, a server.",
        description = {
            "Connect to a WebSocket and print each message received: text as a line, binary as hex (--base64, "
                + "--raw), never as lossy text.",
            "",
            "At a terminal, rtc ws is interactive: line editing, history in $XDG_STATE_HOME/rtc/ws_history "
                + "(~/.local/state/rtc/ws_history), messages printed above the line being typed, and /ping [DATA], "
                + "/close [CODE [REASON]], /binary HEX, /help, /quit (//TEXT sends /TEXT).",
            "",
            "Otherwise each line of stdin is a text message (its \\n or \\r\\n not included), held until the "
                + "connection opens, never dropped. --binary sends each line's bytes up to the \\n as one binary "
                + "message instead. When stdin ends, rtc ws keeps listening for --wait, then closes with 1000 and "
                + "exits 0; with --count or --until it listens until they are met (or --timeout). -x messages go "
                + "first, on every connection; at a terminal -x means stdin is not read.",
            "",
            "Exit 0 when the server closes with 1000 or 1001, or a stop condition is met; exit 1 for any other "
                + "close code (named on stderr with its reason), a lost connection, a handshake refused (its "
                + "status line), a message over --max-message-size (closed with 1009), or no pong within two "
                + "--ping-interval. With --count or --until, a connection that ends before they are met is exit 1; "
                + "a stop condition met while piped lines wait to be sent ends the run once they are sent (exit 1 "
                + "if they cannot be). --reconnect instead connects again after an " + Backoff.HELP
                + " (back to the start once a message or pong arrives), whenever the server closes or the "
                + "connection breaks (not when the first connection fails).",
            "",
            "--json: one record per line: \"open\" (url, subprotocol, extensions), \"message\" (\"binary\": true or "
                + "false), \"pong\" (rtt_ms), \"close\" (code, reason), \"reconnect\", \"error\".",
            "",
            "-l [HOST:]PORT serves instead (HOST defaults to 127.0.0.1): any number of clients on any path, each "
                + "message echoed to its sender (--echo, default) or sent to every other client (--broadcast), and "
                + "printed with \"client\" in --json; lines typed or piped in go to every client.",
            "",
            "Against rtc serve: rtc ws ws://127.0.0.1:8080/echo    rtc ws ws://127.0.0.1:8080/ws/news",
            "",
        })
public final class WsCommand extends RtcCommand {
    @Parameters(arity = "0..1", paramLabel = "URL", description = "ws:// or wss:// URL (no scheme means ws://).")
    String url;

    @Option(names = {"-x", "--execute"}, paramLabel = "MSG",
            description = "Send MSG once connected, and keep listening (repeatable; sent again on every reconnect).")
    List<String> execute = new ArrayList<>();

    @Option(names = "--wait", paramLabel = "DURATION", converter = Durations.class, defaultValue = "2s",
            description = "How long to keep listening after stdin ends (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--binary", description = "Send each stdin line (its bytes up to \\n) as a binary message.")
    boolean binary;

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = Durations.class,
            description = "Ping this often; RTT shown with -v and --json; no pong within two intervals is exit 1 (or a reconnect).")
    Duration pingInterval;

    @Option(names = "--reconnect", description = "Connect again when the connection closes or breaks (backoff above).")
    boolean reconnect;

    @Option(names = "--max-message-size", paramLabel = "BYTES", converter = ByteSizes.class, defaultValue = "1MiB",
            description = "Largest message accepted; a bigger one closes with 1009, exit 1 (default: ${DEFAULT-VALUE}).")
    int maxMessageSize;

    @Option(names = {"-l", "--listen"}, paramLabel = "[HOST:]PORT",
            description = "Be the server: listen on PORT (0 picks one) for any number of clients.")
    String listen;

    @ArgGroup(exclusive = true)
    ListenMode mode = new ListenMode();

    static final class ListenMode {
        @Option(names = "--echo", description = "With -l: send each message back to its sender (default).")
        boolean echo;

        @Option(names = "--broadcast", description = "With -l: send each message to every other client.")
        boolean broadcast;
    }

    @Mixin
    HandshakeOptions handshake;

    @Mixin
    OutputOptions output;

    @Mixin
    StopOptions stopOptions;

    @Override
    public Integer call() throws Exception {
        StopConditions stop = stopOptions.start();
        if (pingInterval != null && pingInterval.isZero()) throw new UsageException("--ping-interval must be longer than 0");
        Listen.Address address = null;
        Handshake hs = null;
        if (listen != null) {
            if (url != null) throw new UsageException("-l listens; it takes no URL (got " + url + ")");
            if (!execute.isEmpty() || reconnect || pingInterval != null) throw new UsageException("-x, --reconnect and --ping-interval are for a client, not -l");
            address = Listen.address(listen);
        } else {
            if (url == null) throw new UsageException("missing URL: give a ws:// or wss:// URL, or -l [HOST:]PORT to listen");
            if (mode.echo || mode.broadcast) throw new UsageException("--echo and --broadcast go with -l");
            hs = handshake.handshake(url);
        }
        boolean terminal = stdio().terminal();
        // At a terminal, -x means "send these and listen", not a prompt.
        try (Repl repl = terminal && (listen != null || execute.isEmpty()) ? Repl.open(Repl.historyFile()) : null) {
            PrintWriter out = repl != null ? repl.writer() : out();
            PrintWriter err = repl != null ? repl.writer() : err();
            Printer printer = output.printer(out, err, repl != null ? null : stdio().rawOut());
            return hs != null ? connect(hs, stop, printer, err, repl, terminal) : listen(address, stop, printer, err, repl);
        }
    }

    private int connect(Handshake hs, StopConditions stop, Printer printer, PrintWriter err, Repl repl, boolean terminal)
            throws Exception {
        WsClient client = new WsClient(new WsClient.Settings(hs, execute, reconnect, pingInterval, maxMessageSize),
                new WsPrinting(printer, stop, err, hs.hostPort(), hs.verbose(), repl != null));
        ClientOutbox outbox = new ClientOutbox(client, stop, wait);
        if (repl != null) {
            err.println("connecting to " + hs.uri() + " (/help lists the commands, Ctrl-D quits)");
            Stdin.start(() -> repl.loop(outbox, stop), printer);
        } else if (terminal) {
            Stdin.start(outbox::endOfInput, printer);
        } else {
            LineInput input = new LineInput(stdio().in(), outbox, binary);
            Stdin.start(input::pump, printer);
            return ClientRun.run(stop, input.sentBeforeClosing(client, stop));
        }
        return ClientRun.run(stop, client);
    }

    private int listen(Listen.Address address, StopConditions stop, Printer printer, PrintWriter err, Repl repl)
            throws Exception {
        Listen listener = new Listen(mode.broadcast ? Listen.Mode.BROADCAST : Listen.Mode.ECHO, printer, stop);
        try (Server server = listener.start(address.host(), address.port(), maxMessageSize, handshake.verbose() ? err : null)) {
            err.println("rtc ws listening on " + Listen.url(server));
            err.flush();
            if (repl != null) {
                Stdin.start(() -> repl.loop(listener, stop), printer);
            } else {
                Stdin.start(new LineInput(stdio().in(), listener, binary)::pump, printer);
            }
            CountDownLatch untilStopped = new CountDownLatch(1);
            return ClientRun.run(stop, () -> {
                untilStopped.await();
                return 0;
            }, () -> { });
        }
    }


}
