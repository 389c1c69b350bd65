package dev.rtc.compare;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = SECONDS)
class CompareCommandTest {
    @Test
    void anUnknownTechniqueIsAUsageError() {
        Captured c = Captured.run("compare", "--techniques", "sse,smoke");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().startsWith("rtc: --techniques: unknown technique 'smoke': choose from poll,longpoll,stream,sse,ws,peer"), c.err());
        assertEquals("", c.out());
    }

    @Test
    void optionsThatDescribeARequestDoNotApply() {
        Captured c = Captured.run("compare", "-d", "hello");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().startsWith("rtc: --data does not apply: rtc compare makes its own requests"), c.err());
    }

    @Test
    void aZeroRateIsAUsageError() {
        Captured c = Captured.run("compare", "--rate", "0");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().startsWith("rtc: --rate must be above 0"), c.err());
    }

    @Test
    void aServerThatIsDownIsOneLineAndExit1() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        Captured c = Captured.run("compare", "http://127.0.0.1:" + port);
        assertEquals(1, c.exitCode());
        assertEquals("rtc: cannot connect to 127.0.0.1:" + port + ": connection refused\n", c.err());
        assertEquals("", c.out());
    }
}
