package dev.rtc.cli;

import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.output.Printer;
import java.util.Map;

/**
 * The one adapter from a client to the terminal: each message to the printer (text, binary or bytes that
 * may be text) and to the stop conditions; lifecycle events as the printer shows them. Once a stop
 * condition is met, later messages are not printed, so {@code -n 3} prints three even when a fourth was
 * already read. A command whose output differs in one point overrides that method.
 */
public class PrintingListener implements ClientListener {
    private final Printer printer;
    private final StopConditions stop;

    /**
     * @param batched the client calls {@link #flush} after each read that may bring many messages, so the
     *                printer holds stdout back until then (one write per read, not one per message)
     */
    public PrintingListener(Printer printer, StopConditions stop, boolean batched) {
        this.printer = printer;
        this.stop = stop;
        if (batched) printer.deferFlush();
    }

    public Printer printer() {
        return printer;
    }

    @Override
    public void opened(String description, Map<String, ?> fields) {
        printer.open(description, fields);
    }

    @Override
    public void message(Received m) {
        if (stop.finished()) return;
        if (m.binary()) {
            printer.binary(m.data(), m.offset(), m.length(), m.fields());
        } else {
            printer.payload(m.data(), m.offset(), m.length(), m.fields());
        }
        stop.accept(stop.needsText() ? m.text() : null);
    }

    @Override
    public void flush() {
        printer.flush();
    }

    @Override
    public void closed(Integer code, String reason) {
        printer.close(code, reason);
    }

    @Override
    public void reconnecting(int attempt, long delayMs) {
        printer.reconnect(attempt, delayMs);
    }

    @Override
    public void warning(String message) {
        printer.warn(message);
    }

    @Override
    public void problem(String message) {
        printer.error(message);
    }
}
