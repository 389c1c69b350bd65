package dev.rtc.ws;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.output.Printer;
import dev.rtc.serve.Listening;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.Server;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code rtc ws -l [HOST:]PORT}: rtc serve's engine with every path a WebSocket, any number of clients at
 * once. Their messages are printed like a client's; input goes to every client.
 */
final class Listen implements Outbox, Listening.Events {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Printer printer;
    private final StopConditions stop;
    private final Listening listening;

    Listen(Listening.Mode mode, Printer printer, StopConditions stop) {
        this.printer = printer;
        this.stop = stop;
        this.listening = new Listening(mode, this);
    }

    /** Binds; the caller announces the URL and closes the server (which drains its clients with 1001). */
    Server start(String host, int port, int maxMessageSize, PrintWriter log) throws InterruptedException {
        ServeConfig defaults = ServeConfig.loopback();
        return Server.start(new ServeConfig(host, port, defaults.history(), maxMessageSize, defaults.maxPending(),
                HEARTBEAT, Duration.ZERO, null, null, log), listening);
    }

    /** Where {@code -l [HOST:]PORT} listens. */
    record Address(String host, int port) {}

    /** {@code -l}'s argument: PORT, HOST:PORT or [IPv6]:PORT (host 127.0.0.1 unless given); exit 2 otherwise. */
    static Address address(String spec) {
        String host = "127.0.0.1";
        String port = spec;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            host = spec.substring(0, colon);
            port = spec.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            if (host.isEmpty()) host = "127.0.0.1";
        }
        try {
            int p = Integer.parseInt(port);
            if (p >= 0 && p <= 65535) return new Address(host, p);
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("-l expects [HOST:]PORT with PORT 0 to 65535, got '" + spec + "'");
    }

    /** {@code ws://HOST:PORT} of a started server, as serve prints its http:// one. */
    static String url(Server server) {
        return "ws" + server.url().substring("http".length());
    }

    @Override
    public void joined(String client, int clients) {
        printer.open("client " + client + " connected (" + plural(clients) + ")", Printer.fields("client", client, "clients", clients));
    }

    @Override
    public void message(String client, byte[] data, boolean text) {
        if (stop.finished()) return;
        Map<String, Object> fields = Printer.fields("binary", !text, "client", client);
        if (text) {
            String s = new String(data, StandardCharsets.UTF_8);
            printer.text(s, fields);
            stop.accept(s);
        } else {
            printer.binary(data, fields);
            stop.accept(null);
        }
    }

    @Override
    public void left(String client, int clients) {
        printer.event("close", "client " + client + " disconnected (" + plural(clients) + ")", Printer.fields("client", client, "clients", clients));
    }

    private static String plural(int clients) {
        return clients == 1 ? "1 client" : clients + " clients";
    }

    @Override
    public void text(String message) {
        listening.sendText(message);
    }

    @Override
    public void binary(byte[] message) {
        listening.sendBinary(message);
    }

    @Override
    public void ping(byte[] data) {
        printer.warn("/ping is for a client connection; the server pings its clients every " + HEARTBEAT.toSeconds() + "s");
    }

    @Override
    public void close(int code, String reason) {
        listening.closeAll(code, reason);
        stop.finish(ExitCodes.OK);
    }

    @Override
    public void endOfInput() {
        // stdin ending leaves the server listening, as rtc serve --stdin does: --count, --until, --timeout or SIGINT end it.
    }

    @Override
    public void quit() {
        stop.finish(ExitCodes.OK);
    }
}
