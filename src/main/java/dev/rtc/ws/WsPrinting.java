package dev.rtc.ws;

import dev.rtc.cli.PrintingListener;
import dev.rtc.cli.StopConditions;
import dev.rtc.client.Received;
import dev.rtc.output.Payloads;
import dev.rtc.output.Printer;
import dev.rtc.websocket.WsClient;
import java.io.PrintWriter;
import java.util.Map;

/**
 * {@link WsClient}'s events for a person or a script: messages and lifecycle through the one
 * {@link PrintingListener}, plus what only rtc ws shows (the handshake with {@code -v}, pongs with their
 * round-trip time, a close the server sent). At the prompt, received messages are marked as the REPL shows
 * them ({@link Repl#received}).
 */
final class WsPrinting implements WsClient.Listener {
    private final PrintingListener printing;
    private final Printer printer;
    private final StopConditions stop;
    private final PrintWriter err;
    private final String hostPort;
    private final boolean verbose;
    private final boolean atPrompt;

    WsPrinting(Printer printer, StopConditions stop, PrintWriter err, String hostPort, boolean verbose, boolean atPrompt) {
        this.printing = new PrintingListener(printer, stop, false);
        this.printer = printer;
        this.stop = stop;
        this.err = err;
        this.hostPort = hostPort;
        this.verbose = verbose;
        this.atPrompt = atPrompt;
    }

    /** "connected to …" is for the prompt; a script has the open record of --json. */
    @Override
    public void opened(String description, Map<String, ?> fields) {
        printing.opened(atPrompt ? description : null, fields);
    }

    @Override
    public void message(Received m) {
        if (atPrompt && !printer.json()) {
            if (stop.finished()) return;
            printer.text(Repl.received(m), m.fields());
            stop.accept(stop.needsText() ? m.text() : null);
        } else {
            printing.message(m);
        }
    }

    /** Every close in --json; in text, a normal close the server started (one this side started says nothing). */
    @Override
    public void closed(int code, String reason, boolean remote) {
        boolean normal = code == 1000 || code == 1001;
        if (printer.json() || (normal && remote)) printing.closed(code, reason);
    }

    @Override
    public void reconnecting(int attempt, long delayMs) {
        printing.reconnecting(attempt, delayMs);
    }

    @Override
    public void problem(String message) {
        printing.problem(message);
    }

    @Override
    public void handshake(CharSequence lines) {
        synchronized (err) {
            err.print(lines);
            err.flush();
        }
    }

    @Override
    public void pong(byte[] data, double rttMs, boolean interval) {
        if (interval) {
            printer.event("pong", verbose ? "pong from " + hostPort + " in " + rttMs + "ms" : null, Printer.fields("rtt_ms", rttMs));
            return;
        }
        String text = Payloads.utf8OrNull(data);
        String shown = text != null ? text : Payloads.hex(data);
        printer.event("pong", "pong" + (data.length == 0 ? "" : " " + shown) + " in " + rttMs + "ms",
                Printer.fields("data", shown, "rtt_ms", rttMs));
    }
}
