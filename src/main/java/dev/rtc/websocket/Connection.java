package dev.rtc.websocket;

import dev.rtc.cli.Durations;
import dev.rtc.http.Failures;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * One connection attempt of Java-WebSocket's client, reporting to its {@link Owner} ({@link WsClient},
 * {@link TextSocket}). A reconnect is a new instance (the library's own {@code reconnect()} reuses the
 * draft and its negotiated state). Bounded against a hostile server: messages by {@link LimitedDraft}, pongs
 * at most one waiting to be written, a close handshake the peer never finishes by {@link #CLOSE_GRACE}.
 */
final class Connection extends WebSocketClient {
    /** How long the close handshake may take once it started, before the connection is dropped. */
    static final java.time.Duration CLOSE_GRACE = java.time.Duration.ofSeconds(1);

    /** How the connection ended: the close code and reason, and whether the peer started it. */
    record Ending(int code, String reason, boolean remote) {}

    /** What the connection reports, on the library's read thread. */
    interface Owner {
        /** {@code -v}'s handshake lines. */
        default void verbose(CharSequence text) {}

        /** The 101 is in. */
        default void opened(Connection c) {}

        /** A text message, the bytes its frames took on the wire, and when it arrived ({@link System#nanoTime}). */
        void received(String text, long wireBytes, long nanos);

        default void received(ByteBuffer data, long wireBytes, long nanos) {}

        /** The handshake's request and response took this many bytes (request line, status line, headers). */
        default void handshakeBytes(long sent, long received) {}

        /** A frame of {@code wireBytes} arrived (data or control). */
        default void frameBytes(long wireBytes) {}

        default void pong(byte[] data) {}

        /** The connection ended, any way, opened or not. */
        void closed(Connection c, Ending end);
    }

    private final Owner session;
    private final Handshake handshake;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Ending ending;
    private volatile Exception error;
    private volatile boolean wasOpened;
    private volatile boolean heard;
    private boolean closingStarted;       // guarded by closed: the close handshake has started
    private volatile ByteBuffer pendingPong; // the last pong queued, until the writer takes it
    private long messageWire;                // the wire bytes of the message being assembled (read thread)

    Connection(Owner session, Handshake hs, int maxMessageSize) {
        super(hs.uri(), draft(hs, maxMessageSize, new Meter()), hs.headers(), (int) Math.min(Integer.MAX_VALUE, hs.connectTimeout().toMillis()));
        this.session = session;
        this.handshake = hs;
        setConnectionLostTimeout(0); // rtc's own pings (--ping-interval) report RTT and name the peer
        setTcpNoDelay(true);
        setDaemon(true);
        if (hs.proxy() != java.net.Proxy.NO_PROXY) setProxy(hs.proxy());
        if (hs.trust() != null || hs.identity() != null) {
            setSocketFactory(dev.rtc.http.Tls.context(hs.trust(), hs.identity()).getSocketFactory());
        }
        if (!hs.resolve().isEmpty()) {
            // --resolve: the address carries the URL's host as its name, so TLS still sends and checks that name
            setDnsResolver(u -> {
                List<java.net.InetAddress> found = hs.resolve().lookup(u.getHost(), hs.port());
                return found.isEmpty() ? java.net.InetAddress.getByName(u.getHost()) : found.get(0);
            });
        }
        ((Meter) ((LimitedDraft) getDraft()).meter()).connection = this;
    }

    /** Passes frame sizes from the draft (made before this connection) to it. */
    private static final class Meter implements LimitedDraft.Meter {
        volatile Connection connection;

        @Override
        public void frame(long wireBytes, long messageWireBytes) {
            Connection c = connection;
            if (c == null) return;
            c.messageWire = messageWireBytes;
            c.session.frameBytes(wireBytes);
        }
    }

    private static Draft_6455 draft(Handshake hs, int maxMessageSize, Meter meter) {
        List<IExtension> extensions = new ArrayList<>();
        if (hs.compress()) {
            PerMessageDeflateExtension deflate = new PerMessageDeflateExtension();
            // Not asking the server to reset its context per message: Netty's servers (rtc serve among them)
            // refuse that offer by default, and keeping it compresses better.
            deflate.setServerNoContextTakeover(false);
            extensions.add(deflate);
        }
        List<IProtocol> protocols = new ArrayList<>();
        for (String p : hs.subprotocols()) protocols.add(new Protocol(p));
        protocols.add(new Protocol("")); // no subprotocol: what a server that picks none (or was offered none) answers
        return new LimitedDraft(extensions, protocols, maxMessageSize, meter);
    }

    /**
     * Connects, waiting at most {@code --connect-timeout} for the handshake: null once open, else one line
     * for the attempt that failed (the connection is then closed).
     */
    String attempt() throws InterruptedException {
        long waitMs = handshake.connectTimeout().toMillis();
        long started = System.nanoTime();
        connectBlocking(waitMs, TimeUnit.MILLISECONDS);
        if (wasOpened) return null;
        // On a timeout the library closes the attempt itself, so only the clock tells.
        boolean timedOut = System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(waitMs);
        closeConnection(CloseFrame.NEVER_CONNECTED, "");
        return failure(timedOut);
    }

    /** One line for a connection that never opened. */
    private String failure(boolean timedOut) throws InterruptedException {
        String where = handshake.hostPort();
        if (timedOut && error == null) {
            return "cannot connect to " + where + ": no WebSocket handshake within " + Durations.format(handshake.connectTimeout());
        }
        // The library's reader may report the socket closed a moment before its writer reports why (a TLS
        // handshake failure surfaces on the first write): give the reason a moment to arrive.
        for (int i = 0; i < 25 && error == null && ending != null && ending.reason() != null
                && !ending.reason().contains("Status line: "); i++) {
            Thread.sleep(10);
        }
        Exception e = error;
        if (e instanceof SocketTimeoutException) {
            return "cannot connect to " + where + ": timed out after " + Durations.format(handshake.connectTimeout());
        }
        String unreachable = e == null ? null : Failures.unreachable(e, handshake.uri().getHost(), handshake.port());
        if (unreachable != null) return unreachable;
        Ending end = ending;
        String reason = end == null ? null : end.reason();
        if (reason != null && reason.contains("Status line: ")) {
            String status = reason.substring(reason.indexOf("Status line: ") + 13);
            int typeAt = status.indexOf(LimitedDraft.CONTENT_TYPE);
            String type = typeAt < 0 ? null : status.substring(typeAt + LimitedDraft.CONTENT_TYPE.length()).trim();
            status = (typeAt < 0 ? status : status.substring(0, typeAt)).trim();
            // A page or an API answered (2xx, 3xx): the URL is no WebSocket endpoint, whatever the server.
            String[] parts = status.split(" ", 3);
            if (type != null && parts.length >= 2 && (parts[1].startsWith("2") || parts[1].startsWith("3"))) {
                return handshake.uri() + " is not a WebSocket endpoint: the server answered " + status + " (" + type + ")";
            }
            return "handshake with " + where + " refused: " + status;
        }
        if (e != null) return where + ": " + Failures.lower(e.getMessage(), e.getClass().getSimpleName());
        if (end != null && (end.code() == CloseFrame.NEVER_CONNECTED || end.code() == CloseFrame.ABNORMAL_CLOSE)) {
            return "connection to " + where + " closed before the WebSocket handshake completed";
        }
        return "handshake with " + where + " failed: " + Failures.lower(reason, "the server's answer is not a WebSocket upgrade");
    }

    URI url() {
        return handshake.uri();
    }

    Ending ending() {
        return ending;
    }

    /** Whether the handshake completed, however the connection ended since. */
    boolean wasOpened() {
        return wasOpened;
    }

    /** Whether a message or a pong arrived: the connection worked, not only opened. */
    boolean heardFrom() {
        return heard;
    }

    Exception error() {
        return error;
    }

    boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /** Waits until the connection has ended (a close handshake the peer leaves unfinished ends by {@link #CLOSE_GRACE}). */
    void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /**
     * Whichever side started it, a close handshake the peer leaves unfinished (it never answers, never stops
     * sending, or never ends the connection) is cut after {@link #CLOSE_GRACE} with the code it started with.
     */
    @Override
    public void onClosing(int code, String reason, boolean remote) {
        synchronized (closed) {
            if (closingStarted) return;
            closingStarted = true;
        }
        Thread cutter = new Thread(() -> {
            try {
                if (!closed.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) closeConnection(code, reason);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rtc-ws-close-grace");
        cutter.setDaemon(true);
        cutter.start();
    }

    /** Ends the connection cleanly: 1000, the peer's close awaited for {@link #CLOSE_GRACE} ({@link #onClosing}). */
    void closeCleanly() throws InterruptedException {
        ReadyState state = getReadyState();
        if (state == ReadyState.OPEN) {
            close(CloseFrame.NORMAL, ""); // the close-grace watchdog ends it if the peer does not
        } else if (state == ReadyState.NOT_YET_CONNECTED) {
            closeConnection(CloseFrame.ABNORMAL_CLOSE, ""); // no handshake to finish: nothing to wait for
        }
        if (!awaitClosed(2 * CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) closeConnection(CloseFrame.ABNORMAL_CLOSE, "");
    }

    /**
     * Once open, never "closing" to the library's reader, which asks only this: it would otherwise stop reading the
     * moment a close starts, end the connection without the peer's close, and interrupt its writer, which
     * then drops the frames still queued (a message sent just before the close, the close frame itself).
     * Reading on until the peer's close arrives, or it ends the connection, is RFC 6455 7.1.1; a peer that
     * does neither is cut after {@link #CLOSE_GRACE}.
     */
    @Override
    public boolean isClosing() {
        return !wasOpened && super.isClosing(); // a refused handshake has nothing queued: ended at once
    }

    /** Messages queued in the library and not yet written to the socket. */
    int queued() {
        return ((WebSocketImpl) getConnection()).outQueue.size();
    }

    @Override
    protected void onSetSSLParameters(SSLParameters parameters) {
        if (!handshake.insecure()) super.onSetSSLParameters(parameters);
    }

    @Override
    public void onWebsocketHandshakeSentAsClient(WebSocket conn, ClientHandshake request) {
        session.handshakeBytes(headBytes("GET " + request.getResourceDescriptor() + " HTTP/1.1", request), 0);
        if (handshake.verbose()) session.verbose(head("> GET " + request.getResourceDescriptor() + " HTTP/1.1", "> ", request));
    }

    /** A head's size on the wire: its first line, each header line and the empty line, with their CRLFs. */
    private static long headBytes(String first, Handshakedata h) {
        long n = first.length() + 2 + 2;
        for (Iterator<String> it = h.iterateHttpFields(); it.hasNext(); ) {
            String name = it.next();
            n += name.length() + 2 + h.getFieldValue(name).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2;
        }
        return n;
    }

    @Override
    public void onOpen(ServerHandshake response) {
        session.handshakeBytes(0, headBytes("HTTP/1.1 " + response.getHttpStatus() + " " + response.getHttpStatusMessage(), response));
        if (handshake.verbose()) {
            StringBuilder sb = head("< HTTP/1.1 " + response.getHttpStatus() + " " + response.getHttpStatusMessage(), "< ", response);
            sb.append("* subprotocol: ").append(subprotocol() == null ? "(none)" : subprotocol()).append('\n');
            sb.append("* extensions: ").append(extensions().isEmpty() ? "(none)" : extensions()).append('\n');
            session.verbose(sb);
        }
        wasOpened = true;
        session.opened(this);
    }

    /** The subprotocol the server picked, or null. */
    String subprotocol() {
        IProtocol p = getProtocol();
        return p == null || p.getProvidedProtocol().isEmpty() ? null : p.getProvidedProtocol();
    }

    /** The extension in use ("" for none). */
    String extensions() {
        return getConnection().getDraft() instanceof Draft_6455 d && d.getExtension() instanceof PerMessageDeflateExtension
                ? "permessage-deflate" : "";
    }

    private static StringBuilder head(String first, String prefix, Handshakedata h) {
        StringBuilder sb = new StringBuilder(first).append('\n');
        for (Iterator<String> it = h.iterateHttpFields(); it.hasNext(); ) {
            String name = it.next();
            sb.append(prefix).append(name).append(": ").append(h.getFieldValue(name)).append('\n');
        }
        return sb;
    }

    @Override
    public void onMessage(String message) {
        heard = true;
        session.received(message, messageWire, System.nanoTime());
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        heard = true;
        session.received(bytes, messageWire, System.nanoTime());
    }

    /**
     * At most one pong waits to be written (RFC 6455 5.5.3 lets an endpoint answer only some of the pings
     * that arrive before it could answer): a server that pings and never reads cannot grow the send queue.
     */
    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        if (!(conn instanceof WebSocketImpl impl) || !impl.isOpen()) return;
        ByteBuffer last = pendingPong;
        if (last != null) {
            for (ByteBuffer queued : impl.outQueue) {
                if (queued == last) return;
            }
        }
        ByteBuffer pong = impl.getDraft().createBinaryFrame(new PongFrame((PingFrame) f));
        pendingPong = pong;
        impl.outQueue.add(pong); // as the library's own send does; its writer thread takes from this queue
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        ByteBuffer payload = f.getPayloadData();
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        heard = true;
        session.pong(data);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        ending = new Ending(code, reason, remote);
        try {
            session.closed(this, ending);
        } finally {
            closed.countDown();
        }
    }

    @Override
    public void onError(Exception ex) {
        if (error == null) error = ex;
    }

    static void print(PrintWriter err, CharSequence text) {
        synchronized (err) {
            err.print(text);
            err.flush();
        }
    }
}
