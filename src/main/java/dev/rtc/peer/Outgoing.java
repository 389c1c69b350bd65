package dev.rtc.peer;

import dev.rtc.cli.GivenInput;
import dev.rtc.cli.RtcException;
import dev.rtc.output.Payloads;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * What {@code rtc peer} sends, on a thread of its own once the channel is open: stdin line by line, stdin
 * in binary chunks, a file, or nothing (only receiving); then this side's {@link PeerClient#end}. A failure
 * ends the run ({@link PeerClient#fail}). Its reads of stdin are watched, so that a stop can send what
 * stdin has already given and not wait for what it may give later ({@link #finishGiven}).
 */
final class Outgoing {
    private enum Kind { LINES, CHUNKS, FILE, NOTHING }

    private final Kind kind;
    private final GivenInput in;
    private final FileTransfer.Sender file;
    private volatile boolean started;

    private Outgoing(Kind kind, InputStream in, FileTransfer.Sender file) {
        this.kind = kind;
        this.in = in == null ? null : new GivenInput(in);
        this.file = file;
    }

    /** Each line of {@code in} as one message: text when it is UTF-8, else binary. */
    static Outgoing lines(InputStream in) {
        return new Outgoing(Kind.LINES, in, null);
    }

    /** {@code in} as it is, in binary messages as large as both sides take. */
    static Outgoing chunks(InputStream in) {
        return new Outgoing(Kind.CHUNKS, in, null);
    }

    static Outgoing file(FileTransfer.Sender sender) {
        return new Outgoing(Kind.FILE, null, sender);
    }

    /** Nothing to send: this side's end goes at once. */
    static Outgoing nothing() {
        return new Outgoing(Kind.NOTHING, null, null);
    }

    /** A file must go out whole: a channel the other side closes before is a failure. */
    boolean mustFinish() {
        return kind == Kind.FILE;
    }

    void start(PeerClient client) {
        started = true;
        Thread sender = new Thread(() -> {
            try {
                switch (kind) {
                    case LINES -> sendLines(client);
                    case CHUNKS -> sendChunks(client);
                    case FILE -> file.send(client);
                    case NOTHING -> { }
                }
                client.end();
            } catch (Exception e) {
                client.fail(e instanceof RtcException ? e.getMessage() : "sending failed: " + e);
            } finally {
                if (in != null) in.ended();
            }
        }, "rtc-peer-send");
        sender.setDaemon(true); // may be blocked reading a stdin that never ends
        sender.start();
    }

    boolean started() {
        return started;
    }

    /**
     * For a stop: waits until what stdin has already given is sent, that is until the sender is done, or
     * waits in a read with nothing available. False when that took longer than {@code limit}. A file is
     * not waited for: a stop ends it where it is.
     */
    boolean finishGiven(Duration limit) {
        if (in == null) return true;
        try {
            return in.awaitHandled(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void sendLines(PeerClient client) throws Exception {
        int limit = client.maxMessage();
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[1024];
        int length = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                    sendLine(client, Arrays.copyOf(line, end));
                    length = 0;
                } else {
                    if (length == line.length) {
                        if (length >= limit) {
                            throw new RtcException("a line of stdin is longer than the " + limit
                                    + " bytes the other peer takes in one message: use --binary for data without lines");
                        }
                        line = Arrays.copyOf(line, Math.min(line.length * 2, limit + 1));
                    }
                    line[length++] = b;
                }
            }
        }
        if (length > 0) sendLine(client, Arrays.copyOf(line, length)); // a last line without \n
    }

    private static void sendLine(PeerClient client, byte[] line) throws Exception {
        client.send(line, !Payloads.isUtf8(line, 0, line.length)); // an empty line is valid UTF-8: text
    }

    private void sendChunks(PeerClient client) throws Exception {
        byte[] buf = new byte[client.maxMessage()];
        int n;
        while ((n = in.read(buf)) > 0) {
            client.send(Arrays.copyOf(buf, n), true);
        }
    }
}
