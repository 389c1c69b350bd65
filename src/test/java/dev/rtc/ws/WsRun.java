package dev.rtc.ws;

import dev.rtc.Captured;
import dev.rtc.Rtc;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * {@code rtc ws} in-process with its stdin given by the test: the test JVM's own stdin is Surefire's
 * channel and must never be read. Everything else is {@link Captured#run}.
 */
final class WsRun {
    private WsRun() {}

    static Captured run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    static Captured run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Rtc.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        ((WsCommand) cmd.getSubcommands().get("ws").getCommand()).input = stdin;
        String[] all = new String[args.length + 1];
        all[0] = "ws";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cmd.execute(all);
        return new Captured(code, out.toString(), err.toString());
    }
}
