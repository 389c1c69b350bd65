package dev.rtc.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import org.junit.jupiter.api.Test;

/** {@code rtc serve --threads N}: that many event loops; a count out of range is a usage error. */
class ServeThreadsTest {
    @Test
    void threadsSetsTheNumberOfEventLoops() throws Exception {
        try (TestServer three = TestServer.start(ServeConfig.loopback().withThreads(3));
                TestServer byDefault = TestServer.start(ServeConfig.loopback())) {
            assertEquals(3, three.server.loops());
            assertEquals(2 * Runtime.getRuntime().availableProcessors(), byDefault.server.loops());
            assertEquals(200, three.http.get("/healthz").statusCode());
        }
    }

    @Test
    void aCountOutOfRangeIsExit2() {
        for (String n : new String[] {"0", "-1", "1025"}) {
            Captured r = Captured.run("serve", "-p", "0", "--threads", n);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().startsWith("rtc: --threads must be 1 to 1024, got " + n), r.err());
        }
    }
}
