package dev.rtc.ws;

import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.StateDirectory;
import dev.rtc.cli.StopConditions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Interactive mode, when stdin is a terminal: JLine line editing with a history file, messages printed
 * above the prompt (the line being typed is redrawn intact), and the slash commands of {@link #HELP}.
 * The only class that touches JLine, so pipe mode never loads it.
 */
final class Repl implements AutoCloseable {
    static final String PROMPT = "> ";
    /** Marks a received message (wscat's), and each further line of a message with several. */
    static final String RECEIVED = "< ";
    static final String CONTINUED = "| ";
    static final String HELP = String.join("\n",
            "/ping [DATA]              send a ping (with DATA as its payload); the pong is shown with its round-trip time",
            "/close [CODE [REASON]]    close with CODE (default 1000) and REASON, then exit",
            "/binary HEX               send a binary message: the bytes HEX spells (spaces allowed)",
            "/help                     this list",
            "/quit                     close with 1000 and exit (also Ctrl-D)",
            "//TEXT                    send /TEXT; any other line is sent as a text message");

    private final Terminal terminal;
    private final LineReader reader;

    private Repl(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    static Repl open(Path history) throws IOException {
        // JLine reports what it copes with (an stty interrupted at exit, say) through java.util.logging,
        // stack traces included; stderr is for rtc's own words.
        java.util.logging.Logger.getLogger("org.jline").setLevel(java.util.logging.Level.OFF);
        Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build();
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("rtc ws");
        if (history != null) {
            Files.createDirectories(history.getParent());
            b.variable(LineReader.HISTORY_FILE, history);
        }
        return new Repl(terminal, b.build());
    }

    /** Where rtc keeps ws's history: $XDG_STATE_HOME/rtc/ws_history, else ~/.local/state/rtc/ws_history. */
    static Path historyFile() {
        return StateDirectory.path().resolve("ws_history");
    }

    /** A writer whose lines appear above the prompt, for the printer's stdout and stderr alike. */
    PrintWriter writer() {
        return new PrintWriter(new AboveThePrompt(reader), true);
    }

    /** Reads lines until /quit, /close, Ctrl-D or Ctrl-C, sending each to {@code out}. */
    void loop(Outbox out, StopConditions stop) throws InterruptedException {
        while (!stop.finished()) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                stop.finish(ExitCodes.INTERRUPTED);
                return;
            } catch (EndOfFileException e) {
                out.quit();
                return;
            } catch (IllegalStateException e) {
                return; // the run ended and closed the terminal under the prompt: nothing more to read
            }
            if (line.isEmpty()) continue;
            if (line.startsWith("//")) {
                out.text(line.substring(1));
            } else if (line.startsWith("/")) {
                if (command(line, out)) return;
            } else {
                out.text(line);
            }
        }
    }

    /** One slash command; true when it ends the session. */
    private boolean command(String line, Outbox out) throws InterruptedException {
        String[] words = line.split("\\s+", 2);
        String rest = words.length > 1 ? words[1] : "";
        switch (words[0]) {
            case "/ping" -> out.ping(rest.getBytes(StandardCharsets.UTF_8));
            case "/close" -> {
                String[] args = rest.split("\\s+", 2);
                int code = 1000;
                if (!args[0].isEmpty()) {
                    try {
                        code = Integer.parseInt(args[0]);
                    } catch (NumberFormatException e) {
                        code = -1;
                    }
                    if (!validCloseCode(code)) {
                        say("rtc: /close: '" + args[0] + "' is not a close code a client may send (1000, 1001, 1002, 1003, 1007-1014, 3000-4999)");
                        return false;
                    }
                }
                out.close(code, args.length > 1 ? args[1] : "");
                return true;
            }
            case "/binary" -> {
                try {
                    out.binary(HexFormat.of().parseHex(rest.replaceAll("\\s+", "")));
                } catch (IllegalArgumentException e) {
                    say("rtc: /binary expects hex digits, such as /binary 00ff10");
                }
            }
            case "/help" -> say(HELP);
            case "/quit", "/exit" -> {
                out.quit();
                return true;
            }
            default -> say("rtc: unknown command " + words[0] + " (/help lists them; //TEXT sends /TEXT)");
        }
        return false;
    }

    /**
     * A received message as the prompt shows it: {@code < text}, each further line marked {@code | }, so a
     * message with a newline does not pass for two; a binary one as {@code < binary N bytes: HEX}.
     */
    static String received(dev.rtc.client.Received m) {
        String text = m.text();
        if (m.binary() || text == null) {
            return RECEIVED + "binary " + m.length() + (m.length() == 1 ? " byte" : " bytes")
                    + (m.length() == 0 ? "" : ": " + dev.rtc.output.Payloads.hex(m.bytes()));
        }
        return RECEIVED + text.replace("\r\n", "\n").replace("\n", "\n" + CONTINUED);
    }

    static boolean validCloseCode(int code) {
        return code == 1000 || code == 1001 || code == 1002 || code == 1003 || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    private void say(String text) {
        reader.printAbove(text);
    }

    /** Ends the session: the prompt line (and anything typed after it) is erased, so none is left behind. */
    @Override
    public void close() throws IOException {
        if (reader.isReading()) {
            terminal.puts(org.jline.utils.InfoCmp.Capability.carriage_return);
            terminal.puts(org.jline.utils.InfoCmp.Capability.clr_eol);
            terminal.flush();
        }
        terminal.close();
    }

    /** Collects whole lines and prints each above the prompt. */
    private static final class AboveThePrompt extends Writer {
        private final LineReader reader;
        private final StringBuilder pending = new StringBuilder();

        AboveThePrompt(LineReader reader) {
            this.reader = reader;
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    reader.printAbove(pending.toString());
                    pending.setLength(0);
                } else if (c != '\r') {
                    pending.append(c);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
