package dev.rtc.ws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LineInputTest {
    /** Lines handed to it, in order. */
    private static final class Recording implements Outbox {
        final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        public boolean text(String message) {
            texts.add(message);
            return true;
        }

        @Override
        public boolean binary(byte[] message) {
            texts.add(new String(message, UTF_8));
            return true;
        }

        @Override
        public void ping(byte[] data) {}

        @Override
        public void close(int code, String reason) {}

        @Override
        public void endOfInput() {}

        @Override
        public void quit() {}
    }

    /** Bytes that a read takes out of the pipe and then holds (as a descheduled reader thread would) until released. */
    private static final class HeldRead extends ByteArrayInputStream {
        final CountDownLatch taken = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldRead(String s) {
            super(s.getBytes(UTF_8));
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0 && taken.getCount() > 0) {
                taken.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return n;
        }
    }

    @Test
    void aLineTakenFromThePipeButNotYetSentIsStillAwaited() throws Exception {
        HeldRead in = new HeldRead("line 1\n");
        Recording out = new Recording();
        LineInput input = new LineInput(in, out, false);
        Thread pump = new Thread(() -> {
            try {
                input.pump();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        pump.start();
        assertTrue(in.taken.await(10, TimeUnit.SECONDS));

        // Out of the pipe, not yet sent: not "all sent".
        assertEquals(1, input.awaitSent(Duration.ofMillis(50)));

        in.release.countDown();
        assertEquals(0, input.awaitSent(Duration.ofSeconds(10)));
        assertEquals(List.of("line 1"), out.texts);
        pump.join(10_000);
    }
}
