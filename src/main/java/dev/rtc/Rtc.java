package dev.rtc;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.BuildInfo;
import dev.rtc.completion.CompletionCommand;
import dev.rtc.cli.CommandFactory;
import dev.rtc.cli.Stdio;
import dev.rtc.cli.Errors;
import dev.rtc.cli.ExitCodes;
import dev.rtc.compare.CompareCommand;
import dev.rtc.longpoll.LongPollCommand;
import dev.rtc.peer.PeerCommand;
import dev.rtc.poll.PollCommand;
import dev.rtc.serve.ServeCommand;
import dev.rtc.stream.StreamCommand;
import dev.rtc.sse.SseCommand;
import dev.rtc.ws.WsCommand;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: {@code rtc <subcommand>}. */
@Command(name = "rtc",
        mixinStandardHelpOptions = true,
        versionProvider = Rtc.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "curl and wscat for every real-time web technique: polling, long polling, streaming, "
                + "Server-Sent Events, WebSocket and WebRTC, as clients and as one server.",
            "",
        },
        footer = {"%nSee 'rtc <command> --help' for each command's options, and man rtc."})
public final class Rtc implements Callable<Integer> {

    /** The subcommands, in the order --help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, PollCommand.class, LongPollCommand.class,
            StreamCommand.class, SseCommand.class, WsCommand.class, PeerCommand.class, CompareCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class);

    /** Those that work on their own: the others (help, completion) need the whole command tree. */
    private static final int STANDALONE = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--errors", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure, not only its one-line message.")
    boolean errors;

    @Override
    public Integer call() {
        throw new UsageException("missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        // One buffer for both ways to stdout: text through the writer, bytes (--raw, UTF-8 lines) straight to
        // the stream, which unlike a PrintStream reports a closed pipe. The BufferedWriter lets the encoder
        // see one large array per flush, not each string and line end.
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintWriter out = Stdio.writer(stdout);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        if (!versionOnly(args)) warmUpAside();
        int code = run(Stdio.system(stdout), out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The JDK's security providers, loaded on a thread of their own while the main thread builds the
     * command model: every client needs them before its first byte (OkHttp's platform, TLS, WebSocket
     * masks), and on the main thread they cost a one-shot rtc some 15 ms (bench/startup). Warming
     * picocli's annotation proxies the same way was measured too, and made things slower.
     */
    private static void warmUpAside() {
        Thread t = new Thread(Security::getProviders, "rtc-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Runs rtc in-process with these writers and no stdin; the exit code SPEC.md promises. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Stdio.none(), out, err, args);
    }

    /** Runs rtc in-process with this stdin (and byte stdout, or null) and these writers. */
    public static int run(Stdio stdio, PrintWriter out, PrintWriter err, String... args) {
        if (versionOnly(args)) {
            for (String line : new Version().getVersion()) out.println(line);
            out.flush();
            return ExitCodes.OK;
        }
        return commandLine(stdio, commandsFor(args)).setOut(out).setErr(err).execute(args);
    }

    /** The command model, also used at build time to generate completions and man pages. */
    public static CommandLine commandLine() {
        return commandLine(Stdio.none(), COMMANDS);
    }

    /**
     * The subcommands a call needs: picocli reads each one's annotations by reflection, which is most of
     * rtc's start-up, so {@code rtc poll …} builds poll alone. Anything else (help, a typo to suggest a
     * name for, completion scripts) gets them all.
     */
    private static List<Class<?>> commandsFor(String... args) {
        for (String arg : args) {
            if (arg.startsWith("-")) continue;
            for (Class<?> command : COMMANDS.subList(0, STANDALONE)) {
                if (command.getAnnotation(Command.class).name().equals(arg)) return List.of(command);
            }
            break;
        }
        return COMMANDS;
    }

    /** {@code rtc --version} alone: answered before the command model is built, as it is the call most often timed. */
    private static boolean versionOnly(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    static {
        // picocli looks for java.sql's types (its converters) and Groovy (closures in annotations) by name.
        // rtc has neither, and a class found nowhere is looked for in every jar: some ms of each start.
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*");
        System.setProperty("picocli.disable.closures", "true");
    }

    private static CommandLine commandLine(Stdio stdio, List<Class<?>> commands) {
        Errors errors = new Errors();
        CommandLine cmd = new CommandLine(new Rtc(), new CommandFactory(stdio));
        for (Class<?> command : commands) cmd.addSubcommand(command);
        cmd.setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExitCodeExceptionMapper(t -> ExitCodes.FAILURE)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExpandAtFiles(false); // "@file" is curl's -d syntax, not picocli's argument file

        listExitCodes(cmd);
        return cmd;
    }

    /**
     * Every --help lists the exit codes (SPEC.md): the clients' set once here rather than in each annotation;
     * a command with codes of its own (serve) lists those.
     */
    private static void listExitCodes(CommandLine cmd) {
        if (cmd.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
            cmd.getCommandSpec().usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(ExitCodes.helpList());
        }
        cmd.getSubcommands().values().forEach(Rtc::listExitCodes);
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "rtc " + BuildInfo.version(),
                "commit " + BuildInfo.commit() + ", built " + BuildInfo.built(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
