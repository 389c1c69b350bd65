package dev.rtc.peer;

import static dev.rtc.peer.PeerRig.read;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.peer.PeerRig.Peer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code cli/rtc peer} processes that join one room through two different {@code rtc serve --redis}
 * instances on one redis-server, all inside a network namespace: they meet, and lines go both ways.
 */
@Timeout(value = 120, unit = SECONDS)
class PeerAcrossInstancesIT {
    @RegisterExtension
    static final PeerRig rig = PeerRig.withRelaysOnRedis();

    @TempDir
    Path dir;

    @Test
    void twoPeersJoinedThroughDifferentInstancesMeetAndExchangeLines() throws Exception {
        String fromA = IntStream.range(0, 500).mapToObj(i -> "a line " + i + " ☃").collect(Collectors.joining("\n", "", "\n"));
        String fromB = IntStream.range(0, 200).mapToObj(i -> "b" + i).collect(Collectors.joining("\n", "", "\n"));
        Path aIn = Files.writeString(dir.resolve("a.in"), fromA, StandardCharsets.UTF_8);
        Path bIn = Files.writeString(dir.resolve("b.in"), fromB, StandardCharsets.UTF_8);
        Peer a = rig.peer(dir, "a", aIn, List.of(), "--signal", rig.room("across"));
        Peer b = rig.peer(dir, "b", bIn, List.of(), "--signal", rig.roomOnSecond("across"));

        assertEquals(0, a.exit(PeerRig.RUN), () -> "a: " + read(a.err()));
        assertEquals(0, b.exit(PeerRig.RUN), () -> "b: " + read(b.err()));
        assertEquals(fromB, Files.readString(a.out()));
        assertEquals(fromA, Files.readString(b.out()));
        assertEquals("connected: direct\n", a.stderr());
    }
}
