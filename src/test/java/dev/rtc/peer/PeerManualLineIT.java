package dev.rtc.peer;

import static dev.rtc.peer.PeerRig.RUN;
import static dev.rtc.peer.PeerRig.awaitLine;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCSdpType;
import dev.rtc.peer.PeerRig.Peer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * --offer / --answer on a host with many interfaces: eight, fourteen addresses (as it comes from
 * libwebrtc, six interfaces' offer is already about 1200 characters). Each line must stay inside a
 * terminal's 1024-character canonical line, carry a candidate for every address, and still connect.
 */
@Timeout(value = 120, unit = SECONDS)
class PeerManualLineIT {
    private static final int TERMINAL_LINE = 1024;
    @RegisterExtension
    static final PeerRig rig = PeerRig.bare(ns -> ns.addInterfaces(3)); // va, vb (IPv4) and vx1..vy3 (IPv4 and IPv6)

    @TempDir
    Path dir;

    @Test
    void eachLineFitsATerminalWithEightInterfacesAndTheDescriptionsStillConnect() throws Exception {
        Path ttyA = PeerRig.fifo(dir.resolve("tty-offer"));
        Path ttyB = PeerRig.fifo(dir.resolve("tty-answer"));
        Peer offerer = rig.peer(dir, "offer", Files.writeString(dir.resolve("o.in"), "from the offerer\n"),
                List.of("RTC_TTY=" + ttyA), "--offer");
        try (OutputStream toOfferer = Files.newOutputStream(ttyA)) {
            String offer = awaitLine(offerer.err(), "rtc-offer:");
            assertFitsAndNamesEveryAddress(offer, RTCSdpType.OFFER);
            Peer answerer = rig.peer(dir, "answer", Files.writeString(dir.resolve("x.in"), "from the answerer\n"),
                    List.of("RTC_TTY=" + ttyB), "--answer");
            try (OutputStream toAnswerer = Files.newOutputStream(ttyB)) {
                toAnswerer.write((offer + "\n").getBytes(StandardCharsets.US_ASCII));
                toAnswerer.flush();
                String answer = awaitLine(answerer.err(), "rtc-answer:");
                assertFitsAndNamesEveryAddress(answer, RTCSdpType.ANSWER);
                toOfferer.write((answer + "\n").getBytes(StandardCharsets.US_ASCII));
                toOfferer.flush();
                assertEquals(0, offerer.exit(RUN), offerer::stderr);
                assertEquals(0, answerer.exit(RUN), answerer::stderr);
                assertEquals("from the answerer\n", offerer.stdout());
                assertEquals("from the offerer\n", answerer.stdout());
            }
        } finally {
            rig.killStarted();
        }
    }

    private static void assertFitsAndNamesEveryAddress(String line, RTCSdpType type) {
        assertTrue(line.length() < TERMINAL_LINE, () -> type + " line of " + line.length() + " characters, over a terminal's "
                + TERMINAL_LINE + ": " + OneLine.decode(line, type).sdp);
        String sdp = OneLine.decode(line, type).sdp;
        List<String> candidates = sdp.lines().filter(l -> l.startsWith("a=candidate:")).toList();
        List<String> ipv4 = IntStream.rangeClosed(0, 3)
                .boxed().flatMap(i -> IntStream.rangeClosed(1, 2).mapToObj(end -> "10.99." + i + "." + end)).toList();
        for (String address : ipv4) {
            assertTrue(candidates.stream().anyMatch(c -> c.contains(" udp ") && c.contains(" " + address + " ")),
                    () -> "no UDP candidate for " + address + " in the " + type + ":\n" + sdp);
        }
        // libwebrtc takes at most five IPv6 networks (of the six here)
        assertTrue(candidates.stream().filter(c -> c.contains(" fd00:99:")).count() >= 5, () -> "IPv6 candidates:\n" + sdp);
        assertTrue(candidates.stream().noneMatch(c -> c.contains(" tcp ")), () -> "TCP candidates:\n" + sdp);
    }
}
