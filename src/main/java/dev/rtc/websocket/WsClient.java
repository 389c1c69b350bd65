package dev.rtc.websocket;

import dev.rtc.cli.Backoff;
import dev.rtc.cli.Durations;
import dev.rtc.cli.RtcException;
import dev.rtc.client.Client;
import dev.rtc.client.ClientListener;
import dev.rtc.client.Received;
import dev.rtc.client.Traffic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * {@code rtc ws}'s client, runnable from code: connects (again after {@link Backoff#standard()} with
 * {@code reconnect}), reports each message with its receive time and wire bytes (frame headers included)
 * and the lifecycle to its listener, counts {@link Traffic} (each handshake is a request), sends the
 * {@code execute} messages first on every connection, pings every {@code pingInterval}, and sends what
 * {@link #send(String)} and {@link #send(byte[])} are given, holding it until a connection is open.
 * {@link #run} returns when the server closes with 1000 or 1001 (or {@link #close} was called) and
 * throws an {@link RtcException} with one line for any other end, unless it reconnects.
 */
public final class WsClient implements Client {
    /** Messages the library may hold unsent before a sender waits for the socket: memory stays bounded. */
    static final int MAX_QUEUED = 1024;
    /** The largest message accepted unless told otherwise (rtc ws's {@code --max-message-size} default). */
    public static final int MAX_MESSAGE_SIZE = 1 << 20;
    private static final Map<String, Object> TEXT = Map.of("binary", false);
    private static final Map<String, Object> BINARY = Map.of("binary", true);

    /**
     * What to connect to and how to behave.
     *
     * @param execute        text messages sent first on every connection
     * @param reconnect      connect again whenever an open connection ends (not when the first attempt fails)
     * @param pingInterval   ping this often (null: never); no pong within two intervals ends the connection
     * @param maxMessageSize a bigger message (counted across its fragments) closes with 1009
     */
    public record Settings(Handshake handshake, List<String> execute, boolean reconnect, Duration pingInterval,
            int maxMessageSize) {
        public Settings {
            execute = List.copyOf(execute);
        }

        /** One connection to {@code handshake}'s URL, nothing sent first, no pings, messages up to 1 MiB. */
        public static Settings of(Handshake handshake) {
            return new Settings(handshake, List.of(), false, null, MAX_MESSAGE_SIZE);
        }
    }

    /** What a WebSocket client reports beyond {@link ClientListener}; every method has a default. */
    public interface Listener extends ClientListener {
        /** {@code -v}: the handshake's request and response lines. */
        default void handshake(CharSequence lines) {}

        /**
         * A pong for a ping of this client's: its payload and round-trip time; {@code interval} when the ping
         * was one of {@code pingInterval}'s (its payload is then the client's own sequence number).
         */
        default void pong(byte[] data, double rttMs, boolean interval) {}

        /**
         * An open connection ended, any way: the close code and reason, and whether the peer started the
         * close. By default a normal end (1000, 1001) is {@link #closed(Integer, String)}; any other is
         * reported by {@link #problem} or by {@link #run} throwing.
         */
        default void closed(int code, String reason, boolean remote) {
            if (normal(code)) closed((Integer) code, reason);
        }
    }

    private final Settings settings;
    private final Handshake handshake;
    private final ClientListener listener;
    private final Traffic traffic = new Traffic();

    private final Object lock = new Object();
    private Connection open;                  // guarded by lock: the open connection, null between connections
    private boolean over;                     // guarded by lock: run() has returned
    private volatile Connection current;
    private volatile boolean ending;          // this side ends the run: no reconnect, no error
    private volatile RtcException failure;    // the ping watchdog's verdict
    private final Map<String, Long> pings = new ConcurrentHashMap<>();
    private final AtomicLong pingSeq = new AtomicLong();
    private volatile long unansweredSince;    // when the oldest unanswered interval ping went out, 0 if none
    private ScheduledExecutorService pinger;

    public WsClient(Settings settings, ClientListener listener) {
        this.settings = settings;
        this.handshake = settings.handshake();
        this.listener = listener;
    }

    @Override
    public Traffic traffic() {
        return traffic;
    }

    @Override
    public void run() throws Exception {
        try {
            loop();
        } finally {
            if (pinger != null) pinger.shutdownNow();
            synchronized (lock) {
                over = true;
                open = null;
                lock.notifyAll();
            }
        }
    }

    private void loop() throws Exception {
        Backoff backoff = Backoff.standard();
        boolean everOpened = false;
        if (settings.pingInterval() != null) startPinger();
        while (true) {
            Connection c = new Connection(new Events(), handshake, settings.maxMessageSize());
            current = c;
            if (ending) return;
            traffic.request();
            String problem = c.attempt();
            if (problem != null) {
                if (ending) return;
                if (!settings.reconnect() || !everOpened) throw new RtcException(problem);
            } else {
                everOpened = true;
                c.awaitClosed();
                // Back to the shortest delay only after the connection worked: a server that accepts and
                // drops at once is not hammered every 250ms.
                if (c.heardFrom()) backoff.reset();
                synchronized (lock) {
                    open = null;
                }
                if (ending) return;
                if (failure != null && !settings.reconnect()) throw failure;
                Connection.Ending end = c.ending();
                problem = failure != null ? failure.getMessage() : abnormal(end);
                failure = null;
                if (!settings.reconnect()) {
                    if (problem == null) return;
                    throw new RtcException(problem);
                }
            }
            if (problem != null) listener.problem(problem);
            int attempt = backoff.attempt();
            long delay = backoff.nextDelayMs();
            traffic.reconnection();
            listener.reconnecting(attempt, delay);
            Thread.sleep(delay);
        }
    }

    /** Whether a connection is open now. */
    public boolean connected() {
        synchronized (lock) {
            return open != null;
        }
    }

    /**
     * Sends a text message on the open connection, waiting for one to open (and for the socket to drain
     * when {@link #MAX_QUEUED} messages wait); false when the run ended first.
     */
    public boolean send(String text) throws InterruptedException {
        return send(c -> c.send(text), text.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Sends a binary message, as {@link #send(String)}. */
    public boolean send(byte[] data) throws InterruptedException {
        return send(c -> c.send(data), data.length);
    }

    private boolean send(java.util.function.Consumer<Connection> message, int payload) throws InterruptedException {
        while (true) {
            Connection c = awaitOpen();
            if (c == null) return false;
            try {
                message.accept(c);
                sent(payload);
                return true;
            } catch (WebsocketNotConnectedException e) {
                if (!settings.reconnect()) return false;
            }
        }
    }

    /** Sends a ping with {@code data} as its payload once open; its pong is reported with the round-trip time. */
    public boolean ping(byte[] data) throws InterruptedException {
        Connection c = awaitOpen();
        return c != null && sendPing(c, data);
    }

    /** A client's frame: header, mask, payload. */
    private void sent(long payload) {
        traffic.sent(LimitedDraft.headerBytes(payload) + 4 + payload);
    }

    private boolean sendPing(Connection c, byte[] data) {
        PingFrame frame = new PingFrame();
        frame.setPayload(ByteBuffer.wrap(data));
        String key = new String(data, StandardCharsets.ISO_8859_1);
        pings.put(key, System.nanoTime());
        try {
            c.sendFrame(frame);
            sent(data.length);
            return true;
        } catch (WebsocketNotConnectedException e) {
            pings.remove(key);
            return false;
        }
    }

    /** Starts the close handshake with {@code code} and {@code reason}; {@link #run} returns once it completes. */
    public void close(int code, String reason) {
        ending = true;
        Connection c = current;
        if (c != null) c.close(code, reason);
    }

    /** Waits until a connection is open; false when the run ended first. */
    public boolean awaitOpened() throws InterruptedException {
        return awaitOpen() != null;
    }

    private Connection awaitOpen() throws InterruptedException {
        Connection c;
        synchronized (lock) {
            while (open == null && !over) lock.wait();
            c = open;
        }
        if (c == null) return null;
        // Back-pressure: the library's queue is unbounded, a fast sender is not allowed to fill memory.
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
        Duration interval = settings.pingInterval();
        long every = interval.toNanos();
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
                String problem = "no pong from " + handshake.hostPort() + " within " + Durations.format(interval.multipliedBy(2));
                failure = new RtcException(problem);
                c.closeConnection(CloseFrame.ABNORMAL_CLOSE, problem);
                return;
            }
            byte[] payload = ByteBuffer.allocate(9).put((byte) 0).putLong(pingSeq.incrementAndGet()).array();
            if (since == 0) unansweredSince = now;
            sendPing(c, payload);
        }, every, every, TimeUnit.NANOSECONDS);
    }

    /** 1000 and 1001: the end of a connection, not a failure. */
    static boolean normal(int code) {
        return code == CloseFrame.NORMAL || code == CloseFrame.GOING_AWAY;
    }

    /** Null for a close that is a normal end (1000, 1001); else one line naming the code and reason. */
    private String abnormal(Connection.Ending end) {
        int code = end.code();
        if (normal(code)) return null;
        String reason = end.reason() == null || end.reason().isEmpty() ? "" : ": " + end.reason();
        String where = handshake.hostPort();
        if (code == CloseFrame.TOOBIG && !end.remote()) {
            if (LimitedDraft.TOO_MANY_FRAGMENTS.equals(end.reason())) {
                return "closed with 1009: a message from " + where + " came in more than " + LimitedDraft.MAX_FRAGMENTS + " fragments";
            }
            return "closed with 1009: a message from " + where + " was larger than --max-message-size ("
                    + settings.maxMessageSize() + " bytes)";
        }
        if (code == CloseFrame.ABNORMAL_CLOSE) {
            return "connection to " + where + " lost without a close frame (1006)";
        }
        if (!end.remote()) return "closed with " + code + reason;
        return "closed by " + where + " with " + code + reason;
    }

    /** Ends the run: a clean close handshake (1000, then the peer's close, briefly awaited). */
    @Override
    public void close() {
        ending = true;
        if (pinger != null) pinger.shutdownNow();
        Connection c = current;
        if (c == null) return;
        try {
            c.closeCleanly();
        } catch (InterruptedException e) {
            c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "");
            Thread.currentThread().interrupt();
        }
    }

    /** What one connection reports, turned into the listener's calls and the traffic counts. */
    private final class Events implements Connection.Owner {
        @Override
        public void verbose(CharSequence text) {
            if (listener instanceof Listener l) l.handshake(text);
        }

        @Override
        public void handshakeBytes(long sent, long received) {
            traffic.sent(sent);
            traffic.received(received);
        }

        @Override
        public void opened(Connection c) {
            traffic.connection();
            String sub = c.subprotocol();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("url", c.url().toString());
            if (sub != null) fields.put("subprotocol", sub);
            if (!c.extensions().isEmpty()) fields.put("extensions", c.extensions());
            listener.opened("connected to " + c.url() + (sub == null ? "" : " (subprotocol " + sub + ")"), fields);
            // Before anything else may send: the execute messages go first on every connection.
            for (String x : settings.execute()) {
                c.send(x);
                sent(x.getBytes(StandardCharsets.UTF_8).length);
            }
            synchronized (lock) {
                open = c;
                lock.notifyAll();
            }
        }

        @Override
        public void frameBytes(long wireBytes) {
            traffic.received(wireBytes);
        }

        @Override
        public void received(String text, long wireBytes, long nanos) {
            traffic.message();
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            listener.message(new Received(utf8, 0, utf8.length, false, nanos, wireBytes, TEXT));
        }

        @Override
        public void received(ByteBuffer data, long wireBytes, long nanos) {
            traffic.message();
            byte[] array;
            int offset;
            if (data.hasArray()) {
                array = data.array();
                offset = data.arrayOffset() + data.position();
            } else {
                array = new byte[data.remaining()];
                data.duplicate().get(array);
                offset = 0;
            }
            listener.message(new Received(array, offset, data.remaining(), true, nanos, wireBytes, BINARY));
        }

        @Override
        public void pong(byte[] data) {
            unansweredSince = 0;
            Long sentAt = pings.remove(new String(data, StandardCharsets.ISO_8859_1));
            if (sentAt == null) return; // unsolicited: a heartbeat some servers send
            double rtt = Math.round((System.nanoTime() - sentAt) / 1e4) / 100.0;
            if (listener instanceof Listener l) l.pong(data, rtt, data.length == 9 && data[0] == 0);
        }

        @Override
        public void closed(Connection c, Connection.Ending end) {
            synchronized (lock) {
                if (open == c) open = null; // senders wait for the next connection from now on
            }
            if (!c.wasOpened()) return;
            if (listener instanceof Listener l) {
                // A close this side started is ours even when the library saw the server's close frame first.
                l.closed(end.code(), end.reason(), end.remote() && !ending);
            } else if (normal(end.code())) {
                listener.closed(end.code(), end.reason());
            }
        }
    }
}
