package dev.rtc.compare;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import dev.rtc.serve.ServeConfig;
import dev.rtc.serve.Server;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where compare's WebRTC row runs: in a private network namespace of its own, or not at all. */
@Timeout(value = 60, unit = SECONDS)
class PeerRowTest {
    @Test
    void withAUrlTheWebRtcRowIsSkippedWithALineNamingWebrtcHost() throws Exception {
        try (Server server = Server.start(ServeConfig.loopback())) {
            Captured c = Captured.run("compare", server.url(), "--techniques", "peer", "--messages", "1", "--csv");
            assertEquals(0, c.exitCode(), c.err());
            assertEquals("rtc compare: peer: skipped: WebRTC runs in a private network namespace only with the embedded "
                    + "server; --webrtc-host lets the peers use this machine's network interfaces\n", c.err());
            assertTrue(c.out().contains("\r\npeer,skipped,"), c.out());
        }
    }

    @Test
    void asRootTheWebRtcRowRunsInANamespaceThatIsGoneAfterwards() throws Exception {
        if (PrivateNetwork.unavailable() != null) Tool.missing("a private network namespace needs root on Linux (" + PrivateNetwork.unavailable() + ")");
        String name = "rtc-compare-" + ProcessHandle.current().pid();
        Captured c = Captured.run("compare", "--techniques", "peer", "--messages", "20", "--rate", "100", "--json");
        assertEquals(0, c.exitCode(), c.out() + c.err());
        assertTrue(c.out().contains("in a private network namespace"), c.out());
        assertTrue(c.out().contains("\"technique\":\"peer\",\"result\":\"kept\",\"delivered\":20,\"lost\":0,\"duplicated\":0,\"out_of_order\":0"), c.out());
        assertTrue(!Files.exists(Path.of("/run/netns", name)), "namespace " + name + " left behind");
    }
}
