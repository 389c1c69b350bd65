package dev.rtc.ws;

import dev.rtc.Rtc;
import dev.rtc.cli.ByteSizes;
import dev.rtc.cli.ClientRun;
import dev.rtc.cli.Durations;
import dev.rtc.cli.OutputOptions;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.output.Printer;
import dev.rtc.serve.Listening;
import dev.rtc.serve.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rtc ws URL}: a WebSocket client, pleasant at a prompt and exact in a script; {@code -l} listens instead. */
@Command(name = "ws",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
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
                + "--ping-interval. --reconnect instead connects again after an exponential, jittered backoff from "
                + "250ms up to 30s (back to the start once a message or pong arrives), whenever the server closes "
                + "or the connection breaks (not when the first connection fails).",
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
public final class WsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Rtc rtc;

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

    /** stdin for pipe mode; tests set their own (null: the process's stdin). */
    InputStream input;

    @Override
    public Integer call() throws Exception {
        StopConditions stop = stopOptions.start();
        if (pingInterval != null && pingInterval.isZero()) usage("--ping-interval must be longer than 0");
        if (listen != null) return listen(stop);
        if (url == null) usage("missing URL: give a ws:// or wss:// URL, or -l [HOST:]PORT to listen");
        if (mode.echo || mode.broadcast) usage("--echo and --broadcast go with -l");
        Handshake hs = handshake.handshake(url);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = input == null && stdinIsTerminal();
        if (terminal && execute.isEmpty()) {
            try (Repl repl = Repl.open(Repl.historyFile())) {
                PrintWriter above = repl.writer();
                Printer printer = output.printer(above, above, null);
                WsSession session = session(hs, printer, above, stop, true);
                above.println("connecting to " + hs.uri() + " (/help lists the commands, Ctrl-D quits)");
                startInput(() -> repl.loop(session, stop), printer);
                return ClientRun.run(stop, session::run, session);
            }
        }
        Printer printer = output.printer(out, err, rtc.rawOut());
        WsSession session = session(hs, printer, err, stop, false);
        if (terminal) {
            startInput(session::endOfInput, printer);
        } else {
            InputStream in = input != null ? input : System.in;
            startInput(() -> LineInput.pump(in, session, binary), printer);
        }
        return ClientRun.run(stop, session::run, session);
    }

    private WsSession session(Handshake hs, Printer printer, PrintWriter err, StopConditions stop, boolean announce) {
        return new WsSession(hs, printer, err, stop, execute, reconnect, wait, pingInterval, maxMessageSize, announce);
    }

    private int listen(StopConditions stop) throws Exception {
        if (url != null) usage("-l listens; it takes no URL (got " + url + ")");
        if (!execute.isEmpty() || reconnect || pingInterval != null) usage("-x, --reconnect and --ping-interval are for a client, not -l");
        String host = "127.0.0.1";
        String portText = listen;
        int colon = listen.lastIndexOf(':');
        if (colon >= 0) {
            host = listen.substring(0, colon);
            portText = listen.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            if (host.isEmpty()) host = "127.0.0.1";
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) usage("-l expects [HOST:]PORT with PORT 0 to 65535, got '" + listen + "'");
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = input == null && stdinIsTerminal();
        Listening.Mode m = mode.broadcast ? Listening.Mode.BROADCAST : Listening.Mode.ECHO;
        Repl repl = terminal ? Repl.open(Repl.historyFile()) : null;
        try {
            PrintWriter diag = repl != null ? repl.writer() : err;
            Printer printer = repl != null ? output.printer(diag, diag, null) : output.printer(spec.commandLine().getOut(), err, rtc.rawOut());
            Listen listener = new Listen(m, printer, stop);
            try (Server server = listener.start(host, port, maxMessageSize, handshake.verbose() ? diag : null)) {
                diag.println("rtc ws listening on " + Listen.url(server));
                diag.flush();
                if (repl != null) {
                    startInput(() -> repl.loop(listener, stop), printer);
                } else {
                    InputStream in = input != null ? input : System.in;
                    startInput(() -> LineInput.pump(in, listener, binary), printer);
                }
                CountDownLatch forever = new CountDownLatch(1);
                return ClientRun.run(stop, () -> {
                    forever.await();
                    return 0;
                }, () -> { });
            }
        } finally {
            if (repl != null) repl.close();
        }
    }

    @FunctionalInterface
    private interface Input {
        void run() throws IOException, InterruptedException;
    }

    /** Input on a daemon thread of its own: a blocked read of stdin must not keep the JVM or the run alive. */
    private static void startInput(Input input, Printer printer) {
        Thread t = new Thread(() -> {
            try {
                input.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                printer.warn("stdin: " + e.getMessage());
            }
        }, "rtc-ws-input");
        t.setDaemon(true);
        t.start();
    }

    /** Whether stdin is a terminal, without loading JLine (which pipe mode never does). */
    static boolean stdinIsTerminal() {
        try {
            Path fd0 = Path.of("/proc/self/fd/0");
            if (Files.exists(Path.of("/proc/self/fd"))) {
                String target = Files.readSymbolicLink(fd0).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no /proc (macOS): ask the JDK below
        }
        // Before JDK 22 a console exists only when stdin and stdout are terminals; from 22 on it always
        // exists, and isTerminal() says so instead.
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private void usage(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }
}
