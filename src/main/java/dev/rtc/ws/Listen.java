package dev.rtc.ws;

import dev.rtc.cli.UsageException;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.output.Printer;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.Server;
import dev.rtc.serve.WebSocketHandler;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code rtc ws -l [HOST:]PORT}: rtc serve's engine with every path a WebSocket (its {@link WebSocketHandler}),
 * any number of clients at once, each message echoed to its sender or broadcast to the others. Their
 * messages are printed like a client's; input goes to every client.
 */
final class Listen implements Outbox, WebSocketHandler {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    enum Mode { ECHO, BROADCAST }

    private final Mode mode;
    private final Printer printer;
    private final StopConditions stop;
    private final Set<Peer> clients = ConcurrentHashMap.newKeySet();

    Listen(Mode mode, Printer printer, StopConditions stop) {
        this.mode = mode;
        this.printer = printer;
        this.stop = stop;
    }

    /** Binds; the caller announces the URL and closes the server (which drains its clients with 1001). */
    Server start(String host, int port, int maxMessageSize, PrintWriter log) throws InterruptedException {
        ServeConfig defaults = ServeConfig.loopback();
        return Server.start(defaults.withHost(host).withPort(port).withLimits(maxMessageSize, defaults.maxPending())
                .withHeartbeat(HEARTBEAT).withLog(log), this);
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
    public void opened(Peer peer) {
        clients.add(peer);
        int n = clients.size();
        printer.open("client " + peer.address() + " connected (" + plural(n) + ")", Printer.fields("client", peer.address(), "clients", n));
    }

    /** Printed first, then echoed or broadcast: what a client has back was printed before. */
    @Override
    public void message(Peer peer, byte[] data, boolean text) {
        if (!stop.finished()) {
            Map<String, Object> fields = Printer.fields("binary", !text, "client", peer.address());
            if (text) {
                String s = new String(data, StandardCharsets.UTF_8);
                printer.text(s, fields);
                stop.accept(s);
            } else {
                printer.binary(data, fields);
                stop.accept(null);
            }
        }
        if (mode == Mode.ECHO) {
            peer.send(data, text);
        } else {
            for (Peer other : clients) {
                if (other != peer) other.send(data, text);
            }
        }
    }

    @Override
    public void closed(Peer peer) {
        if (!clients.remove(peer)) return;
        int n = clients.size();
        printer.event("close", "client " + peer.address() + " disconnected (" + plural(n) + ")", Printer.fields("client", peer.address(), "clients", n));
    }

    private static String plural(int clients) {
        return clients == 1 ? "1 client" : clients + " clients";
    }

    @Override
    public boolean text(String message) {
        sendAll(message.getBytes(StandardCharsets.UTF_8), true);
        return true;
    }

    @Override
    public boolean binary(byte[] message) {
        sendAll(message, false);
        return true;
    }

    private void sendAll(byte[] data, boolean text) {
        for (Peer peer : clients) peer.send(data, text);
    }

    @Override
    public void ping(byte[] data) {
        printer.warn("/ping is for a client connection; the server pings its clients every " + HEARTBEAT.toSeconds() + "s");
    }

    @Override
    public void close(int code, String reason) {
        for (Peer peer : clients) peer.close(code, reason);
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
