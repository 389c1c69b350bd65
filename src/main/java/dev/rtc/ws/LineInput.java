package dev.rtc.ws;

import dev.rtc.cli.ExitCodes;
import dev.rtc.cli.GivenInput;
import dev.rtc.cli.RtcException;
import dev.rtc.cli.StopConditions;
import dev.rtc.client.Client;
import dev.rtc.client.Traffic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pipe mode: each line of stdin is one message, sent once the connection is open (never dropped).
 * Text messages lose their {@code \n} or {@code \r\n}; with {@code --binary} a line's bytes up to the
 * {@code \n} (a {@code \r} included) are one binary message. A last line without {@code \n} still counts.
 * A stop condition met while lines that stdin already gave wait to be sent ends the run only once they
 * are sent ({@link #sentBeforeClosing}), or says they were not.
 */
final class LineInput {
    private static final int READ_SIZE = 64 * 1024;
    /** How long the end of a run waits for lines already read to go out. */
    static final Duration SEND_GRACE = Duration.ofSeconds(5);

    private final GivenInput in;
    private final Outbox out;
    private final boolean binary;
    private final AtomicLong unsent = new AtomicLong();

    LineInput(InputStream in, Outbox out, boolean binary) {
        this.in = new GivenInput(in);
        this.out = out;
        this.binary = binary;
    }

    void pump() throws IOException, InterruptedException {
        byte[] buf = new byte[READ_SIZE];
        byte[] line = new byte[256];
        int length = 0;
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        send(line, length);
                        length = 0;
                    } else {
                        if (length == line.length) line = Arrays.copyOf(line, line.length * 2);
                        line[length++] = b;
                    }
                }
            }
            if (length > 0) send(line, length);
        } finally {
            in.ended();
        }
        out.endOfInput();
    }

    private void send(byte[] line, int length) throws InterruptedException {
        boolean sent;
        if (binary) {
            sent = out.binary(Arrays.copyOf(line, length));
        } else {
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            sent = out.text(new String(line, 0, end, StandardCharsets.UTF_8));
        }
        if (!sent) unsent.incrementAndGet();
    }

    /**
     * Waits (at most {@code within}) until the lines stdin has given so far, read or waiting in the pipe,
     * have been sent; the number of lines that were not.
     */
    long awaitSent(Duration within) throws InterruptedException {
        return in.awaitHandled(within) ? unsent.get() : Math.max(1, unsent.get());
    }

    /**
     * {@code client} for {@link dev.rtc.cli.ClientRun}, except that when a stop condition ends the run, what
     * stdin already gave is sent before the connection closes; if it cannot be, the run is exit 1, saying so.
     */
    Client sentBeforeClosing(Client client, StopConditions stop) {
        return new Client() {
            private volatile boolean endedByItself;

            @Override
            public void run() throws Exception {
                try {
                    client.run();
                } finally {
                    endedByItself = true;
                }
            }

            @Override
            public Traffic traffic() {
                return client.traffic();
            }

            @Override
            public void close() {
                long notSent = 0;
                try {
                    if (!endedByItself && stop.finished() && stop.await() == ExitCodes.OK) notSent = awaitSent(SEND_GRACE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    client.close();
                }
                if (notSent > 0) {
                    throw new RtcException((notSent == 1 ? "a line" : notSent + " lines") + " from stdin could not be sent before the "
                            + "connection closed");
                }
            }
        };
    }
}
