package dev.rtc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GivenInputTest {
    @Test
    void bytesInThePipeAndBytesReadButNotHandledAreAwaitedAReadWithNothingToReadIsNot() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        GivenInput in = new GivenInput(new PipedInputStream(stdin, 1024));
        stdin.write("one\n".getBytes());

        // Given (in the pipe), not read yet.
        assertFalse(in.awaitHandled(Duration.ofMillis(50)));

        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch handle = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        Thread sender = new Thread(() -> {
            byte[] buf = new byte[64];
            try {
                assertEquals(4, in.read(buf));
                read.countDown();
                handle.await(10, TimeUnit.SECONDS); // sending it
                waiting.countDown();
                in.read(buf); // nothing to read: waits
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        sender.setDaemon(true);
        sender.start();
        assertTrue(read.await(10, TimeUnit.SECONDS));

        // Read, not yet handled.
        assertFalse(in.awaitHandled(Duration.ofMillis(50)));

        handle.countDown();
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        // Handled, and the next read waits for what stdin may give later: nothing to wait for.
        assertTrue(in.awaitHandled(Duration.ofSeconds(10)));

        in.ended();
        assertTrue(in.awaitHandled(Duration.ZERO));
    }
}
