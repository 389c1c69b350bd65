package dev.rtc.peer;

import static dev.rtc.peer.PeerRig.RUN;
import static dev.rtc.peer.PeerRig.sha256;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.peer.PeerRig.Peer;
import dev.rtc.serve.interop.Tool;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rtc peer against werift (npm, pure TypeScript), a WebRTC stack we did not write, meeting through rtc
 * serve's room inside a namespace of the test's own. werift advertises a=max-message-size:65536, sends
 * its end-of-data marker only through a workaround (see werift_peer.mjs), and speaks no credit channel.
 */
@Timeout(value = 120, unit = SECONDS)
class PeerWeriftIT {
    private static final String HELLO = "hello from werift ☃";
    @RegisterExtension
    static final PeerRig rig = PeerRig.withRelay();

    @TempDir
    Path dir;

    private Peer werift(String room, String role, Path file) throws Exception {
        String node = Tool.node("werift", "ws");
        List<String> command = file == null
                ? List.of(node, Tool.script("js/werift_peer.mjs").toString(), rig.room(room), role)
                : List.of(node, Tool.script("js/werift_peer.mjs").toString(), rig.room(room), role, file.toString());
        return rig.start(dir, "werift", null, rig.ns.exec(command));
    }

    /** werift's role is fixed by its hello id (see werift_peer.mjs): both ways round, rtc answers and rtc offers. */
    @ParameterizedTest(name = "werift {0}s")
    @ValueSource(strings = {"offer", "answer"})
    void textAndBinaryGoBothWaysAndEachSideHonoursTheOthersEndOfData(String weriftRole) throws Exception {
        String room = "lines-" + weriftRole;
        Peer werift = werift(room, weriftRole, null);
        byte[] stdin = concat("hello from rtc ☃\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'}); // not UTF-8: binary
        Peer rtc = rig.peer(dir, "rtc", Files.write(dir.resolve("rtc.in"), stdin), List.of(), "--signal", rig.room(room));

        assertEquals(0, rtc.exit(RUN), rtc::stderr);
        assertEquals(0, werift.exit(RUN), werift::stderr);
        assertEquals(HELLO + "\n0001feff\n", rtc.stdout());
        // werift's marker arrived: without it rtc would have ended on the channel's close ("closed by the other peer")
        assertEquals("connected: direct\n", rtc.stderr());
        assertEquals("T:hello from rtc ☃\nB:fffe00\nEND\n", werift.stdout(), "rtc's marker arrived last");
    }

    @Test
    void aMegabyteGoesEachWayByteExactWithWeriftSendingItsLargestMessages() throws Exception {
        byte[] toWerift = random(1 << 20, 3);
        byte[] fromWerift = random(1_000_000, 4); // 15 messages of 64 KiB and a shorter one
        Path file = Files.write(dir.resolve("werift.bin"), fromWerift);
        Peer werift = werift("bulk", "offer", file);
        Peer rtc = rig.peer(dir, "rtc", Files.write(dir.resolve("rtc.in"), toWerift), List.of(),
                "--signal", rig.room("bulk"), "--binary", "--raw");

        assertEquals(0, rtc.exit(RUN), rtc::stderr);
        assertEquals(0, werift.exit(RUN), werift::stderr);
        assertEquals("BULK " + toWerift.length + " " + sha256(toWerift) + "\nEND\n", werift.stdout());
        byte[] expected = concat((HELLO + "\n").getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}, fromWerift);
        assertArrayEquals(expected, Files.readAllBytes(rtc.out()));
        assertEquals("connected: direct\n", rtc.stderr());
    }

    @Test
    void aLineLongerThanWeriftsMaxMessageSizeIsTheErrorRtcDefines() throws Exception {
        String fits = "x".repeat(65536);
        Peer werift = werift("long", "answer", null);
        Path stdin = Files.writeString(dir.resolve("rtc.in"), fits + "\n" + "y".repeat(65537) + "\n");
        Peer rtc = rig.peer(dir, "rtc", stdin, List.of(), "--signal", rig.room("long"));

        assertEquals(1, rtc.exit(RUN), rtc::stderr);
        assertEquals("connected: direct\nrtc: a line of stdin is longer than the 65536 bytes the other peer takes in one "
                + "message: use --binary for data without lines\n", rtc.stderr());
        assertEquals(0, werift.exit(RUN), werift::stderr);
        assertEquals("T:" + fits + "\n", werift.stdout(), "the line at the limit went through; nothing after it");
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return all.toByteArray();
    }

}
