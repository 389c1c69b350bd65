package dev.rtc.compare;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import dev.rtc.serve.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;

@ExtendWith(LeakCheck.class)
@Timeout(value = 20, unit = SECONDS)
class RelayTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private ServerSocket echo;

    /** An echo server: every byte comes back. */
    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, LOOPBACK);
        Relay.daemon("echo-accept", () -> {
            while (true) {
                Socket s;
                try {
                    s = echo.accept();
                } catch (IOException e) {
                    return;
                }
                Relay.daemon("echo", () -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException e) {
                        // the test cut it
                    }
                });
            }
        });
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    private InetSocketAddress upstream() {
        return new InetSocketAddress(LOOPBACK, echo.getLocalPort());
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "the stream ended early");
        return b;
    }

    @Test
    void countsEveryByteEachWay() throws Exception {
        try (Relay relay = Relay.start(LOOPBACK, upstream(), Duration.ZERO);
                Socket s = new Socket(LOOPBACK, relay.port())) {
            byte[] data = new byte[100_000];
            for (int i = 0; i < data.length; i++) data[i] = (byte) i;
            OutputStream out = s.getOutputStream();
            Relay.daemon("writer", () -> {
                try {
                    out.write(data);
                    out.write("!!".getBytes());
                    s.shutdownOutput();
                } catch (IOException e) {
                    // the assertion below fails
                }
            });
            byte[] back = s.getInputStream().readAllBytes();
            assertEquals(data.length + 2, back.length);
            assertArrayEquals(data, java.util.Arrays.copyOf(back, data.length));
            assertEquals(data.length + 2, relay.bytesUp());
            assertEquals(data.length + 2, relay.bytesDown());
            assertEquals(1, relay.connections());
        }
    }

    @Test
    void holdsEachDirectionForHalfTheRoundTrip() throws Exception {
        Duration rtt = Duration.ofMillis(200);
        try (Relay relay = Relay.start(LOOPBACK, upstream(), rtt);
                Socket s = new Socket(LOOPBACK, relay.port())) {
            s.setTcpNoDelay(true);
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                s.getOutputStream().write('x');
                readFully(s.getInputStream(), 1);
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms >= 200 && ms < 200 + 100, "a round trip took " + ms + " ms, expected 200 to 300");
            }
        }
    }

    @Test
    void cutResetsOpenConnectionsAndRelaysNewOnes() throws Exception {
        try (Relay relay = Relay.start(LOOPBACK, upstream(), Duration.ZERO)) {
            Socket before = new Socket(LOOPBACK, relay.port());
            before.getOutputStream().write('a');
            readFully(before.getInputStream(), 1);
            assertEquals(1, relay.cut());
            assertThrows(IOException.class, () -> {
                // a reset shows as an exception on read (or on write, then read)
                before.getOutputStream().write('b');
                if (before.getInputStream().read() < 0) throw new IOException("ended without a reset");
            });
            before.close();
            try (Socket after = new Socket(LOOPBACK, relay.port())) {
                after.getOutputStream().write('c');
                assertEquals('c', readFully(after.getInputStream(), 1)[0]);
            }
            assertEquals(2, relay.connections());
        }
    }
}
