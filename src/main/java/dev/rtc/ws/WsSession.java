package dev.rtc.ws;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.Durations;
import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.output.Payloads;
import dev.rtc.output.Printer;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.PingFrame;

/**
 * One run of the client: connects (again, with {@code --reconnect}), prints what arrives, sends what the
 * input gives once the connection is open, pings every {@code --ping-interval}, and decides the exit
 * code from how the connection ended (SPEC.md: 1000/1001 or a stop condition is 0, anything else 1).
 */
final class WsSession implements Outbox, Connection.Owner, AutoCloseable {
    static final Duration BACKOFF_INITIAL = Duration.ofMillis(250);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
    /** How long the close handshake may take once this side has sent its close frame. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** Messages the library may hold unsent before input waits for the socket: memory stays bounded. */
    static final int MAX_QUEUED = 1024;
    private static final Map<String, Object> TEXT = Map.of("binary", false);
    private static final Map<String, Object> BINARY = Map.of("binary", true);

    private final Handshake handshake;
    private final Printer printer;
    private final PrintWriter err;
    private final StopConditions stop;
    private final List<String> execute;
    private final boolean reconnect;
    private final Duration wait;
    private final Duration pingInterval;
    private final int maxMessageSize;
    private final boolean announce;

    private final Object lock = new Object();
    private Connection open;                 // guarded by lock: the open connection, null between connections
    private volatile Connection current;
    private volatile boolean ending;          // this side ends the run: no reconnect, no error
    private volatile RtcException failure;    // the ping watchdog's verdict
    private final Map<String, Long> pings = new ConcurrentHashMap<>();
    private final AtomicLong pingSeq = new AtomicLong();
    private volatile long unansweredSince;    // when the oldest unanswered interval ping went out, 0 if none
    private ScheduledExecutorService pinger;

    WsSession(Handshake handshake, Printer printer, PrintWriter err, StopConditions stop, List<String> execute,
            boolean reconnect, Duration wait, Duration pingInterval, int maxMessageSize, boolean announce) {
        this.handshake = handshake;
        this.printer = printer;
        this.err = err;
        this.stop = stop;
        this.execute = List.copyOf(execute);
        this.reconnect = reconnect;
        this.wait = wait;
        this.pingInterval = pingInterval;
        this.maxMessageSize = maxMessageSize;
        this.announce = announce;
    }

    /** The client's loop ({@link dev.rtc.cli.ClientRun.Loop}): the exit code, or a failure thrown. */
    int run() throws Exception {
        Backoff backoff = new Backoff(BACKOFF_INITIAL, BACKOFF_CAP);
        boolean everOpened = false;
        if (pingInterval != null) startPinger();
        while (true) {
            Connection c = new Connection(this, handshake, maxMessageSize);
            current = c;
            if (ending) return ExitCodes.OK;
            String problem = c.attempt();
            if (problem != null) {
                if (ending) return ExitCodes.OK;
                if (!reconnect || !everOpened) throw new RtcException(problem);
            } else {
                everOpened = true;
                c.awaitClosed();
                // Back to the shortest delay only after the connection worked: a server that accepts and
                // drops at once is not hammered every 250ms.
                if (c.heardFrom()) backoff.reset();
                synchronized (lock) {
                    open = null;
                }
                if (ending) return ExitCodes.OK;
                if (failure != null && !reconnect) throw failure;
                Connection.Ending end = c.ending();
                problem = failure != null ? failure.getMessage() : abnormal(end);
                failure = null;
                if (!reconnect) {
                    if (problem == null) return ExitCodes.OK;
                    throw new RtcException(problem);
                }
            }
            if (problem != null) printer.error(problem);
            int attempt = backoff.attempt();
            long delay = backoff.nextDelayMs();
            printer.reconnect(attempt, delay);
            Thread.sleep(delay);
        }
    }

    /** Called by the connection on its read thread once the 101 is in. */
    @Override
    public void opened(Connection c) {
        String sub = c.subprotocol();
        Map<String, Object> fields = Printer.fields("url", c.url().toString());
        if (sub != null) fields.put("subprotocol", sub);
        if (!c.extensions().isEmpty()) fields.put("extensions", c.extensions());
        printer.open(announce ? "connected to " + c.url() + (sub == null ? "" : " (subprotocol " + sub + ")") : null, fields);
        // Before input may send: the -x messages go first on every connection.
        for (String x : execute) c.send(x);
        synchronized (lock) {
            open = c;
            lock.notifyAll();
        }
    }

    @Override
    public void received(String text) {
        if (stop.finished()) return;
        printer.text(text, TEXT);
        stop.accept(text);
    }

    @Override
    public void received(byte[] data) {
        if (stop.finished()) return;
        printer.binary(data, BINARY);
        stop.accept(null);
    }

    @Override
    public void verbose(CharSequence text) {
        Connection.print(err, text);
    }

    /** The connection ended (any way): the close record, and in text mode a line for a close the peer sent. */
    @Override
    public void closed(Connection c, Connection.Ending end) {
        synchronized (lock) {
            if (open == c) open = null; // input waits for the next connection from now on
        }
        if (!c.wasOpened()) return;
        boolean normal = end.code() == CloseFrame.NORMAL || end.code() == CloseFrame.GOING_AWAY;
        if (printer.json() || (normal && end.remote() && !ending)) printer.close(end.code(), end.reason());
    }

    @Override
    public void pong(byte[] data) {
        unansweredSince = 0;
        Long sent = pings.remove(new String(data, StandardCharsets.ISO_8859_1));
        if (sent == null) return; // unsolicited: a heartbeat some servers send
        double rtt = Math.round((System.nanoTime() - sent) / 1e4) / 100.0;
        if (data.length > 0 && data[0] == 0) {
            printer.event("pong", handshake.verbose() ? "pong from " + handshake.hostPort() + " in " + rtt + "ms" : null,
                    Printer.fields("rtt_ms", rtt));
        } else {
            String text = Payloads.utf8OrNull(data);
            printer.event("pong", "pong" + (data.length == 0 ? "" : " " + (text != null ? text : Payloads.hex(data)))
                    + " in " + rtt + "ms", Printer.fields("data", text != null ? text : Payloads.hex(data), "rtt_ms", rtt));
        }
    }

    @Override
    public void text(String message) throws InterruptedException {
        while (true) {
            Connection c = awaitOpen();
            try {
                c.send(message);
                return;
            } catch (WebsocketNotConnectedException e) {
                if (!reconnect) return; // the run is ending with the connection
            }
        }
    }

    @Override
    public void binary(byte[] message) throws InterruptedException {
        while (true) {
            Connection c = awaitOpen();
            try {
                c.send(message);
                return;
            } catch (WebsocketNotConnectedException e) {
                if (!reconnect) return;
            }
        }
    }

    @Override
    public void ping(byte[] data) throws InterruptedException {
        sendPing(awaitOpen(), data);
    }

    private void sendPing(Connection c, byte[] data) {
        PingFrame frame = new PingFrame();
        frame.setPayload(ByteBuffer.wrap(data));
        pings.put(new String(data, StandardCharsets.ISO_8859_1), System.nanoTime());
        try {
            c.sendFrame(frame);
        } catch (WebsocketNotConnectedException e) {
            pings.remove(new String(data, StandardCharsets.ISO_8859_1));
        }
    }

    @Override
    public void close(int code, String reason) {
        ending = true;
        Connection c = current;
        if (c != null) c.close(code, reason);
    }

    @Override
    public void quit() {
        close(CloseFrame.NORMAL, "");
        if (openNow() == null) stop.finish(ExitCodes.OK);
    }

    @Override
    public void endOfInput() throws InterruptedException {
        if (stop.awaitsMessages()) return; // --count or --until decides, or --timeout
        awaitOpen();
        Thread.sleep(wait.toMillis());
        stop.finish(ExitCodes.OK);
    }

    /** The open connection, waiting for it; input sent now is not dropped but held until it opens. */
    private Connection awaitOpen() throws InterruptedException {
        Connection c;
        synchronized (lock) {
            while (open == null) lock.wait();
            c = open;
        }
        // Back-pressure: the library's queue is unbounded, a fast stdin is not allowed to fill memory.
        while (c.queued() > MAX_QUEUED && c.isOpen()) {
            LockSupport.parkNanos(50_000);
            if (Thread.interrupted()) throw new InterruptedException();
        }
        return c;
    }

    private Connection openNow() {
        synchronized (lock) {
            return open;
        }
    }

    private void startPinger() {
        long every = pingInterval.toNanos();
        pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtc-ws-ping");
            t.setDaemon(true);
            return t;
        });
        pinger.scheduleAtFixedRate(() -> {
            Connection c = openNow();
            if (c == null) {
                unansweredSince = 0;
                return;
            }
            long since = unansweredSince;
            long now = System.nanoTime();
            if (since != 0 && now - since >= 2 * every) {
                unansweredSince = 0;
                String problem = "no pong from " + handshake.hostPort() + " within " + Durations.format(pingInterval.multipliedBy(2));
                failure = new RtcException(problem);
                c.closeConnection(CloseFrame.ABNORMAL_CLOSE, problem);
                return;
            }
            byte[] payload = ByteBuffer.allocate(9).put((byte) 0).putLong(pingSeq.incrementAndGet()).array();
            if (since == 0) unansweredSince = now;
            sendPing(c, payload);
        }, every, every, TimeUnit.NANOSECONDS);
    }

    /** Null for a close that is a normal end (1000, 1001); else one line naming the code and reason. */
    private String abnormal(Connection.Ending end) {
        int code = end.code();
        if (code == CloseFrame.NORMAL || code == CloseFrame.GOING_AWAY) return null;
        String reason = end.reason() == null || end.reason().isEmpty() ? "" : ": " + end.reason();
        String where = handshake.hostPort();
        if (code == CloseFrame.TOOBIG && !end.remote()) {
            return "closed with 1009: a message from " + where + " was larger than --max-message-size (" + maxMessageSize + " bytes)";
        }
        if (code == CloseFrame.ABNORMAL_CLOSE) {
            return "connection to " + where + " lost without a close frame (1006)";
        }
        if (!end.remote()) return "closed with " + code + reason;
        return "closed by " + where + " with " + code + reason;
    }

    /** Ends the run: a clean close handshake (1000, then the peer's close, briefly awaited). */
    @Override
    public void close() throws InterruptedException {
        ending = true;
        if (pinger != null) pinger.shutdownNow();
        Connection c = current;
        if (c != null) c.closeCleanly();
    }
}
