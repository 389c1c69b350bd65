package dev.rtc.peer;

import dev.rtc.cli.RtcException;
import dev.rtc.output.Payloads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code rtc peer} sends, on a thread of its own once the channel is open: stdin line by line, stdin
 * in binary chunks, a file, or nothing (only receiving); then this side's {@link PeerClient#end}. A failure
 * ends the run ({@link PeerClient#fail}). Its reads of stdin are watched, so that a stop can send what
 * stdin has already given and not wait for what it may give later ({@link #finishGiven}).
 */
final class Outgoing {
    private enum Kind { LINES, CHUNKS, FILE, NOTHING }

    private final Kind kind;
    private final InputStream in;
    private final FileTransfer.Sender file;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean started;
    /** In a read of stdin, and {@link #reads} counts the reads that returned: together they show a read that waits. */
    private volatile boolean reading;
    private final AtomicLong reads = new AtomicLong();

    private Outgoing(Kind kind, InputStream in, FileTransfer.Sender file) {
        this.kind = kind;
        this.in = in;
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
                done.countDown();
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
        if (kind == Kind.FILE || kind == Kind.NOTHING) return true;
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                long returned = reads.get();
                boolean idle = reading && available() == 0;
                // 10 ms later: still in the same read, with still nothing to read, is a read that waits
                if (done.await(10, TimeUnit.MILLISECONDS)) return true;
                if (idle && reading && reads.get() == returned && available() == 0) return true;
                if (System.nanoTime() > deadline) return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int available() {
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }

    private int read(byte[] buf) throws IOException {
        // Bytes already in the pipe are taken without counting as a waiting read: finishGiven never takes a
        // read that holds them for one with nothing to read.
        int available = Math.min(available(), buf.length);
        if (available > 0) return in.read(buf, 0, available);
        reading = true;
        try {
            return in.read(buf);
        } finally {
            reads.incrementAndGet();
            reading = false;
        }
    }

    private void sendLines(PeerClient client) throws Exception {
        int limit = client.maxMessage();
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[1024];
        int length = 0;
        int n;
        while ((n = read(buf)) > 0) {
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
        while ((n = read(buf)) > 0) {
            client.send(Arrays.copyOf(buf, n), true);
        }
    }
}
