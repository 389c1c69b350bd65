package dev.rtc.peer;

import static dev.rtc.peer.PeerRig.read;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.peer.PeerRig.Peer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PeerClient} from code: two of them in one JVM ({@link TwoPeersInOneProcess}, run inside the test's
 * namespace with rtc.jar and the test classes) meet in a room of rtc serve, send text and binary both
 * ways from code, and report each message, the lifecycle and the traffic to their listeners.
 */
@Timeout(value = 120, unit = SECONDS)
class PeerClientIT {
    @RegisterExtension
    static final PeerRig rig = PeerRig.withRelay();

    @TempDir
    Path dir;

    @Test
    void twoClientsInOneProcessMeetInARoomAndExchangeMessagesFromCode() throws Exception {
        String classPath = Path.of("target", "rtc.jar").toAbsolutePath() + java.io.File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Peer both = rig.start(dir, "both", null, rig.ns.exec(List.of(java, "-cp", classPath,
                TwoPeersInOneProcess.class.getName(), rig.room("in-process"))));

        assertEquals(0, both.exit(PeerRig.RUN), () -> both.stdout() + read(both.err()));
        assertEquals(String.join("\n",
                "a opened: connected: direct direct",
                "a got text hello from b label=rtc wire=0 timed",
                "b opened: connected: direct direct",
                "b got text hello from a label=rtc wire=0 timed",
                "b got binary 000102ff label=rtc wire=0 timed",
                "a traffic: requests=1 connections=1 messages=1 sent>payload=true received>payload=true",
                "b maxMessage=" + PeerLink.MAX_MESSAGE, ""), both.stdout());
    }
}
