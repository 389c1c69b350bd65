package dev.rtc.peer;

import dev.rtc.cli.Stdio;
import dev.rtc.cli.RtcCommand;
import dev.rtc.cli.ClientRun;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.OutputOptions;
import dev.rtc.cli.PrintingListener;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.cli.StopOptions;
import dev.rtc.cli.UsageException;
import dev.rtc.client.ClientListener;
import dev.rtc.http.Urls;
import dev.rtc.output.Printer;
import dev.rtc.websocket.ConnectOptions;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rtc peer}: a WebRTC data channel between two terminals, netcat-style. */
@Command(name = "peer",
        header = "A WebRTC data channel between two terminals: lines, pipes and files, peer to peer.",
        description = {
            "Open a WebRTC data channel to another rtc peer (or any WebRTC stack) and connect it to stdin and "
                + "stdout, as netcat does with TCP: each stdin line goes out as one message, each message received "
                + "is printed as a line.",
            "",
            "The peers meet through rtc serve's signalling relay (--signal ws://HOST:PORT/signal/ROOM: both "
                + "sides give the same room and the roles settle themselves), or by hand: --offer prints one line "
                + "on stderr to paste into rtc peer --answer on the other side, which prints one line back. "
                + "Those lines are read from the terminal (/dev/tty, or the file RTC_TTY names), never from "
                + "stdin, which stays the data. To fit on one terminal line they list only each side's UDP "
                + "addresses: meeting by hand needs UDP to get through between the two sides (or --turn). -H, -u, "
                + "--bearer, -k, --cacert, --cert, --key, --resolve, --proxy and --connect-timeout apply to the relay's "
                + "WebSocket handshake (a wss:// relay behind TLS, client certificates or authentication).",
            "",
            "When stdin ends, rtc tells the other side (with an empty binary message); the run ends with exit 0 "
                + "once the data of both sides has ended and the other side is known to have every message (exit 1 "
                + "when the connection is lost first), or when the other side closes the channel. With --count or "
                + "--until the run ends once the condition is met and what stdin already gave has been sent (exit 1 "
                + "when it could not be, or when the other side ended first). To only receive, give stdin </dev/null. "
                + "--binary sends stdin as it is, in binary messages of up to " + PeerLink.MAX_MESSAGE / 1024 + " KiB "
                + "(less when the other side accepts less: 64 KiB for aiortc and werift), for the other side's --raw; "
                + "a text line longer than the other side accepts is an error. With --unordered or --max-retransmits "
                + "the end of the data may overtake the last messages.",
            "",
            "--send FILE sends the file's name and size, its bytes and their SHA-256, to a peer run with "
                + "--receive DIR, which writes NAME.part, renames it to NAME when the digest matches (exit 1 when "
                + "it does not), and never overwrites a file. A progress bar is drawn on stderr when it is a terminal.",
            "",
            "No STUN server is asked unless --stun names one, so nothing leaves the machine's networks unasked. "
                + "stderr says \"connected: direct\" or \"connected: relay\" (through --turn). --relay takes only the "
                + "--turn relay's path; behind symmetric NATs give it to both peers (a relay that cannot reach a peer's "
                + "private address may drop the whole allocation, as coturn does). A peer that stops "
                + "answering is reported after about 6s and is exit 1 after about 16s; peers that find no path to "
                + "each other are exit 1 after " + PeerLink.ICE_DEADLINE_SECONDS + "s, saying what a STUN or TURN "
                + "server answered. A turns: or stuns: server's certificate is checked against the system's "
                + "roots; -k accepts any (libwebrtc takes no --cacert). -v says when the other side's data ended, "
                + "and prints the bytes each way, the rate and the round-trip time at the end.",
            "",
            "Received text messages print as lines; binary ones as hex (or --base64), or as they are with --raw. "
                + "--json adds \"label\" to each message and \"path\" to the open record.",
            "",
            "  rtc serve &   then in two terminals:  rtc peer --signal ws://127.0.0.1:8080/signal/demo",
            "  rtc peer --signal ws://host:8080/signal/f --send big.iso     rtc peer --signal ws://host:8080/signal/f --receive .",
            "",
        })
public final class PeerCommand extends RtcCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Meeting meeting;

    static final class Meeting {
        @Option(names = "--signal", paramLabel = "URL", description = "rtc serve's signalling room: ws://HOST:PORT/signal/ROOM.")
        String signal;

        @Option(names = "--offer", description = "Meet by hand: print an offer line, then read the answer line from the terminal.")
        boolean offer;

        @Option(names = "--answer", description = "Meet by hand: read the offer line from the terminal, then print the answer line.")
        boolean answer;
    }

    @ArgGroup(exclusive = true)
    Transfer transfer = new Transfer();

    static final class Transfer {
        @Option(names = "--send", paramLabel = "FILE", description = "Send FILE (name, size, bytes, SHA-256) instead of stdin.")
        Path send;

        @Option(names = "--receive", paramLabel = "DIR", description = "Receive one file from --send into DIR.")
        Path receive;

        @Option(names = "--binary", description = "Send stdin as it is, in binary messages, not line by line.")
        boolean binary;
    }

    @Option(names = "--stun", paramLabel = "URL", description = "A STUN server (stun:HOST[:PORT]), repeatable; none by default.")
    List<String> stun = new ArrayList<>();

    @Option(names = "--turn", paramLabel = "URL", description = "A TURN server (turn:HOST[:PORT][?transport=udp|tcp]), repeatable; needs --turn-user.")
    List<String> turn = new ArrayList<>();

    @Option(names = "--turn-user", paramLabel = "USER:PASSWORD", description = "The credentials for --turn.")
    String turnUser;

    @Option(names = "--relay", description = "Use only the --turn relay: gather and try relayed candidates only (ICE transport policy relay).")
    boolean relayOnly;

    @Option(names = "--unordered", description = "Let messages arrive out of order.")
    boolean unordered;

    @Option(names = "--max-retransmits", paramLabel = "N", description = "Give up on a message after N retransmissions (partial reliability).")
    Integer maxRetransmits;

    /** The relay's handshake: -H, -u, --bearer, -k, --cacert, --proxy, --connect-timeout. */
    @Mixin
    ConnectOptions relay;

    @Option(names = "--native-dir", paramLabel = "DIR", defaultValue = "${env:RTC_NATIVE_DIR}",
            description = "Where to unpack webrtc-java's native library for loading (default: RTC_NATIVE_DIR, else the temp dir); it must allow executing.")
    Path nativeDir;

    @Option(names = {"-v", "--verbose"}, description = "Say when the other side's data ended; at the end, print bytes each way, rate and round-trip time on stderr.")
    boolean verbose;

    @Mixin
    OutputOptions output;

    @Mixin
    StopOptions stopOptions;

    @Override
    public Integer call() throws Exception {
        PeerClient.Settings settings = settings();
        StopConditions stop = stopOptions.start();
        PrintWriter out = out();
        PrintWriter err = err();
        OutputStream rawOut = stdio().rawOut();
        OutputStream data = rawOut == null ? null : CleanStdout.take(); // before the native library loads
        if (data != null) {
            rawOut = new BufferedOutputStream(data, 1 << 16);
            out = Stdio.writer(rawOut);
        }
        Printer printer = output.printer(out, err, rawOut);
        ClientListener printing = new PrintingListener(printer, stop, true);
        FileTransfer.Receiver receiver = transfer.receive == null ? null
                : new FileTransfer.Receiver(transfer.receive, new Progress(err, Progress.stderrIsTerminal()), err, printing);
        PeerClient client = new PeerClient(settings, receiver != null ? receiver : printing);
        client.sendFrom(transfer.send != null ? Outgoing.file(new FileTransfer.Sender(transfer.send, new Progress(err, Progress.stderrIsTerminal())))
                : receiver != null ? Outgoing.nothing()
                : transfer.binary ? Outgoing.chunks(stdio().in()) : Outgoing.lines(stdio().in()));
        if (verbose) {
            client.otherEnded().thenRun(() -> {
                err.println("rtc: the other peer's data ended");
                err.flush();
            });
        }
        try (receiver) {
            int code = ClientRun.run(stop, client);
            if (code == ExitCodes.OK && client.undelivered() != null) throw new RtcException(client.undelivered());
            if (code == ExitCodes.OK && receiver != null) receiver.finish();
            String summary = client.summary();
            if (verbose && summary != null) err.println("rtc: " + summary);
            return code;
        } finally {
            client.close();
            out.flush();
            err.flush();
            if (data != null) data.close();
        }
    }

    private PeerClient.Settings settings() {
        PeerClient.Meeting how;
        if (meeting.signal != null) {
            URI uri;
            try {
                uri = Urls.webSocket(meeting.signal);
            } catch (RtcException e) {
                throw new UsageException("--signal takes rtc serve's ws://HOST:PORT/signal/ROOM: " + e.getMessage());
            }
            how = new PeerClient.Room(relay.handshake(uri));
        } else {
            how = new PeerClient.ByHand(meeting.offer, new TerminalLines(err(),
                    System.getenv().getOrDefault("RTC_TTY", "/dev/tty")));
        }
        if (transfer.send != null && !Files.isRegularFile(transfer.send)) throw new UsageException("--send: no such file: " + transfer.send);
        if (transfer.receive != null && !Files.isDirectory(transfer.receive)) throw new UsageException("--receive: no such directory: " + transfer.receive);
        return new PeerClient.Settings(how,
                new PeerClient.Ice(stun, turn, turnUser, relayOnly, relay.insecure()),
                new PeerClient.Channel(!unordered, maxRetransmits), nativeDir);
    }

    /** A meeting by hand: this side's line on stderr, the other's read from the terminal, never from stdin (the data). */
    private record TerminalLines(PrintWriter err, String tty) implements PeerClient.Lines {
        @Override
        public void show(String what, String line) {
            String where = what.equals("offer") ? "rtc peer --answer" : "rtc peer --offer";
            err.println("rtc: the " + what + " (" + line.length() + " characters), to paste into " + where + " on the other side:");
            err.println(line);
            err.flush();
        }

        @Override
        public String read(String what) throws IOException {
            err.print("rtc: " + (what.equals("answer") ? "paste the answer line from the other side: "
                    : "paste the offer line from rtc peer --offer: "));
            err.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(tty), StandardCharsets.UTF_8))) {
                String line = in.readLine();
                if (line == null) throw new RtcException("nothing was pasted (" + tty + " ended)");
                return line;
            } catch (java.io.FileNotFoundException e) {
                throw new RtcException("--offer and --answer read the other side's line from a terminal, and " + tty
                        + " cannot be opened (" + e.getMessage() + "): run rtc peer in a terminal, or use --signal");
            }
        }
    }
}
