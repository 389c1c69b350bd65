package dev.rtc.peer;

import static dev.rtc.peer.PeerRig.RUN;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.peer.PeerRig.Peer;
import dev.rtc.serve.interop.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar of --send and --receive, drawn only when stderr is a terminal: one side's stderr is a
 * pseudo-terminal (src/test/interop/py/stderr_pty.py copies what reaches it into a file), the other's a
 * plain file, which must get no bar and no carriage return.
 */
@Timeout(value = 120, unit = SECONDS)
class PeerProgressIT {
    private static final String NAME = "big file.bin";
    /** One drawing of the bar: carriage return, name, 30 cells, percent, bytes so far, rate. */
    private static final String BAR = "\r" + Pattern.quote(NAME) + " \\[[# ]{30}\\] +\\d{1,3}% [0-9.]+ (B|KiB|MiB) [0-9.]+ (B|KiB|MiB)/s *";
    private static final String FULL = "\r" + NAME + " [" + "#".repeat(30) + "] 100% 6.0 MiB ";
    @RegisterExtension
    static final PeerRig rig = PeerRig.withRelay();

    @TempDir
    Path dir;

    @Test
    void theReceiverDrawsTheBarOnATerminalAndTheSenderNotIntoAFile() throws Exception {
        Transfer t = transfer("recv", false, true);

        assertTrue(Pattern.matches("connected: direct\n(" + BAR + ")+\nrtc: received .+ \\(SHA-256 checked\\)\n", t.receiverErr), t.receiverErr);
        assertTrue(lastBar(t.receiverErr).startsWith(FULL), t.receiverErr);
        assertEquals("connected: direct\n", t.senderErr);
    }

    @Test
    void theSenderDrawsTheBarOnATerminalAndTheReceiverNotIntoAFile() throws Exception {
        Transfer t = transfer("send", true, false);

        assertTrue(Pattern.matches("connected: direct\n(" + BAR + ")+\n", t.senderErr), t.senderErr);
        assertTrue(lastBar(t.senderErr).startsWith(FULL), t.senderErr);
        assertFalse(t.receiverErr.contains("\r"), t.receiverErr);
        assertTrue(Pattern.matches("connected: direct\nrtc: received .+ \\(SHA-256 checked\\)\n", t.receiverErr), t.receiverErr);
    }

    private record Transfer(String senderErr, String receiverErr) {}

    /** A 6 MiB file from --send to --receive, each side's stderr a terminal or a file. */
    private Transfer transfer(String room, boolean senderOnTerminal, boolean receiverOnTerminal) throws Exception {
        byte[] data = new byte[6 << 20];
        new Random(13).nextBytes(data);
        Path file = Files.write(dir.resolve(NAME), data);
        Path into = Files.createDirectory(dir.resolve("into"));
        Peer sender = side("send", senderOnTerminal, "--signal", rig.room(room), "--send", file.toString());
        Peer receiver = side("recv", receiverOnTerminal, "--signal", rig.room(room), "--receive", into.toString());

        assertEquals(0, sender.exit(RUN), sender::stderr);
        assertEquals(0, receiver.exit(RUN), receiver::stderr);
        assertArrayEquals(data, Files.readAllBytes(into.resolve(NAME)));
        return new Transfer(sender.stderr(), receiver.stderr());
    }

    /** rtc peer with stderr into NAME.err, through a pseudo-terminal or straight into the file. */
    private Peer side(String name, boolean terminal, String... args) throws Exception {
        List<String> command = PeerRig.rtcPeer(List.of(), args);
        if (!terminal) return rig.peer(dir, name, null, List.of(), args);
        List<String> wrapped = new ArrayList<>(List.of(Tool.plainPython(), Tool.script("py/stderr_pty.py").toString(),
                dir.resolve(name + ".err").toString()));
        wrapped.addAll(command);
        // the wrapper's own stderr (a Python traceback, say) goes to NAME.wrapper.err, not into the terminal's copy
        return rig.start(dir, name + ".wrapper", null, rig.ns.exec(wrapped)).withErr(dir.resolve(name + ".err"));
    }

    private static String lastBar(String stderr) {
        return stderr.substring(stderr.lastIndexOf('\r'));
    }
}
