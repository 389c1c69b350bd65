package dev.rtc.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.protocols.IProtocol;

/**
 * Java-WebSocket's RFC 6455 draft, bounded and counted. The library checks a fragmented message's size on
 * its first and last frames only, so a peer that sends continuations for ever (or empty ones) grows its
 * buffer without end: here each fragment counts as it arrives, a message over the limit or in more than
 * {@link #MAX_FRAGMENTS} pieces is refused (1009), and what is left of it is dropped unread. Each frame's
 * size on the wire (header and payload) is reported to the {@link Meter}.
 */
final class LimitedDraft extends Draft_6455 {
    /** Fragments one message may come in: enough for any sender, few enough that empty ones cost nothing. */
    static final int MAX_FRAGMENTS = 65_536;
    static final String TOO_MANY_FRAGMENTS = "message in more than " + MAX_FRAGMENTS + " fragments";

    /** Where the frames' wire sizes go, on the read thread. */
    interface Meter {
        /** A frame of {@code wireBytes} arrived; {@code messageWireBytes} so far for the message it belongs to (0 for control frames). */
        void frame(long wireBytes, long messageWireBytes);
    }

    private final int maxMessageSize;
    private final Meter meter;
    private long messageBytes;
    private long messageWire;
    private int fragments;
    private boolean refused;

    LimitedDraft(List<IExtension> extensions, List<IProtocol> protocols, int maxMessageSize, Meter meter) {
        super(extensions, protocols, maxMessageSize);
        this.maxMessageSize = maxMessageSize;
        this.meter = meter;
    }

    Meter meter() {
        return meter;
    }

    @Override
    public Draft copyInstance() {
        List<IExtension> extensions = new ArrayList<>();
        for (IExtension e : getKnownExtensions()) extensions.add(e.copyInstance());
        List<IProtocol> protocols = new ArrayList<>();
        for (IProtocol p : getKnownProtocols()) protocols.add(p.copyInstance());
        return new LimitedDraft(extensions, protocols, maxMessageSize, meter);
    }

    @Override
    public void processFrame(WebSocketImpl ws, Framedata frame) throws InvalidDataException {
        Opcode op = frame.getOpcode();
        int length = frame.getPayloadData().remaining();
        long wire = headerBytes(length) + length;
        if (op == Opcode.TEXT || op == Opcode.BINARY || op == Opcode.CONTINUOUS) {
            if (op != Opcode.CONTINUOUS) {
                messageBytes = 0;
                messageWire = 0;
                fragments = 0;
                refused = false;
            }
            if (refused) return; // the rest of a refused message, while the close handshake runs
            messageBytes += length;
            messageWire += wire;
            fragments++;
            meter.frame(wire, messageWire);
            if (messageBytes > maxMessageSize) {
                refused = true;
                throw new LimitExceededException("message larger than " + maxMessageSize + " bytes", maxMessageSize);
            }
            if (fragments > MAX_FRAGMENTS) {
                refused = true;
                throw new LimitExceededException(TOO_MANY_FRAGMENTS, maxMessageSize);
            }
        } else {
            meter.frame(wire, 0);
        }
        super.processFrame(ws, frame);
    }

    /**
     * The library refuses a response other than 101 naming only its status line; the line rtc prints for it
     * also names the Content-Type (an HTTP route answered, not a WebSocket endpoint), appended after
     * {@link #CONTENT_TYPE}.
     */
    @Override
    public Handshakedata translateHandshake(ByteBuffer buf) throws InvalidHandshakeException {
        ByteBuffer copy = buf.duplicate();
        try {
            return super.translateHandshake(buf);
        } catch (InvalidHandshakeException e) {
            String type = contentType(copy);
            if (type == null || e.getMessage() == null || !e.getMessage().contains("Status line: ")) throw e;
            throw new InvalidHandshakeException(e.getMessage() + CONTENT_TYPE + type);
        }
    }

    static final String CONTENT_TYPE = "\n\tContent-Type: ";

    /** The Content-Type of the response head in {@code head}, or null. */
    private static String contentType(ByteBuffer head) {
        if (readLine(head) == null) return null; // the status line
        for (ByteBuffer line; (line = readLine(head)) != null && line.hasRemaining(); ) {
            String text = StandardCharsets.ISO_8859_1.decode(line).toString();
            int colon = text.indexOf(':');
            if (colon > 0 && text.substring(0, colon).trim().equalsIgnoreCase("content-type")) {
                return text.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A frame's header for a payload of {@code length} bytes, unmasked (as a server sends). */
    static int headerBytes(long length) {
        return 2 + (length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8);
    }
}
