package dev.rtc.peer;

import static dev.rtc.peer.PeerRig.awaitLine;
import static dev.rtc.peer.PeerRig.read;
import static dev.rtc.peer.PeerRig.sha256;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.peer.PeerRig.Peer;
import dev.rtc.serve.interop.Tool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code cli/rtc peer} processes (and aiortc) meeting through {@code cli/rtc serve}, all inside a
 * network namespace the test makes and deletes: stdout and files compared byte for byte.
 */
@Timeout(value = 120, unit = SECONDS)
class PeerProcessIT {
    private static final Duration RUN = PeerRig.RUN;

    @RegisterExtension
    static final PeerRig rig = PeerRig.withRelay();

    @TempDir
    Path dir;

    private Peer peer(String name, Path stdin, List<String> env, String... args) throws IOException {
        return rig.peer(dir, name, stdin, env, args);
    }

    private Peer start(String name, Path stdin, List<String> command) throws IOException {
        return rig.start(dir, name, stdin, command);
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }

    @Test
    void linesGoBothWaysByteExactThroughTheRelay() throws Exception {
        String fromA = IntStream.range(0, 3000).mapToObj(i -> "a line " + i + " ☃").collect(Collectors.joining("\n", "", "\n"));
        String fromB = IntStream.range(0, 1000).mapToObj(i -> "b" + i).collect(Collectors.joining("\n", "", "\n"));
        Peer a = peer("a", write(dir.resolve("a.in"), fromA.getBytes(StandardCharsets.UTF_8)), List.of(), "--signal", rig.room("lines"));
        Peer b = peer("b", write(dir.resolve("b.in"), fromB.getBytes(StandardCharsets.UTF_8)), List.of(), "--signal", rig.room("lines"));

        assertEquals(0, a.exit(RUN), () -> "a: " + read(a.err()));
        assertEquals(0, b.exit(RUN), () -> "b: " + read(b.err()));
        assertEquals(fromB, Files.readString(a.out()));
        assertEquals(fromA, Files.readString(b.out()));
        assertEquals("connected: direct\n", a.stderr());
    }

    @Test
    void aBinaryPipeArrivesByteExactWithNothingElseOnStdout() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(7).nextBytes(data);
        Peer sender = peer("send", write(dir.resolve("data.bin"), data), List.of(), "--signal", rig.room("pipe"), "--binary");
        Peer receiver = peer("recv", null, List.of(), "--signal", rig.room("pipe"), "--raw", "-v");

        assertEquals(0, sender.exit(RUN), () -> "sender: " + read(sender.err()));
        assertEquals(0, receiver.exit(RUN), () -> "receiver: " + read(receiver.err()));
        assertArrayEquals(data, Files.readAllBytes(receiver.out()), "the native library's teardown chatter must not reach stdout");
        assertTrue(receiver.stderr().contains("received 8.0 MiB"), receiver.stderr());
        assertEquals(0, Files.size(sender.out()));
    }

    @Test
    void aStdoutNobodyReadsHoldsTheSenderBackAndLosesNothing() throws Exception {
        byte[] data = new byte[48 << 20]; // far more than the receiver's window and the sender's buffer together
        new Random(5).nextBytes(data);
        Peer sender = peer("send", write(dir.resolve("data.bin"), data), List.of(), "--signal", rig.room("slow"), "--binary");
        Process receiver = new ProcessBuilder(rig.ns.exec(List.of(PeerRig.RTC.toString(), "peer", "--signal", rig.room("slow"), "--raw")))
                .redirectInput(new java.io.File("/dev/null")).redirectError(dir.resolve("recv.err").toFile()).start();
        rig.track(receiver);

        Thread.sleep(8_000); // nobody reads the receiver's stdout meanwhile
        assertTrue(sender.process().isAlive(), () -> "the sender waits for the reader: " + read(sender.err()));
        byte[] got = receiver.getInputStream().readAllBytes();

        assertEquals(0, sender.exit(RUN), () -> "sender: " + read(sender.err()));
        assertTrue(receiver.waitFor(RUN.toSeconds(), SECONDS));
        assertEquals(0, receiver.exitValue(), () -> read(dir.resolve("recv.err")));
        assertArrayEquals(data, got);
    }

    @Test
    void aFileArrivesWithItsNameAndSha256Checked() throws Exception {
        byte[] data = new byte[6 << 20];
        new Random(11).nextBytes(data);
        Path file = write(dir.resolve("big file.bin"), data);
        Path into = Files.createDirectory(dir.resolve("into"));
        Peer sender = peer("send", null, List.of(), "--signal", rig.room("file"), "--send", file.toString());
        Peer receiver = peer("recv", null, List.of(), "--signal", rig.room("file"), "--receive", into.toString());

        assertEquals(0, sender.exit(RUN), () -> "sender: " + read(sender.err()));
        assertEquals(0, receiver.exit(RUN), () -> "receiver: " + read(receiver.err()));
        Path received = into.resolve("big file.bin");
        assertEquals(sha256(data), sha256(Files.readAllBytes(received)));
        try (var listing = Files.list(into)) {
            assertEquals(List.of(received), listing.collect(Collectors.toList()), "no .part file is left");
        }
        assertTrue(receiver.stderr().contains("SHA-256 checked"), receiver.stderr());
        assertEquals(0, Files.size(receiver.out()));
    }

    @Test
    void theManualModeExchangesOnePrintableLineEachWayFromTheTerminal() throws Exception {
        Path ttyA = fifo("tty-offer");
        Path ttyB = fifo("tty-answer");
        Peer offerer = peer("offer", write(dir.resolve("o.in"), "from the offerer\n".getBytes(StandardCharsets.UTF_8)),
                List.of("RTC_TTY=" + ttyA), "--offer");
        try (OutputStream toOfferer = Files.newOutputStream(ttyA)) {
            String offer = awaitLine(offerer.err(), "rtc-offer:");
            assertTrue(offer.length() < 1024, "the offer fits a terminal's line: " + offer.length());
            Peer answerer = peer("answer", write(dir.resolve("x.in"), "from the answerer\n".getBytes(StandardCharsets.UTF_8)),
                    List.of("RTC_TTY=" + ttyB), "--answer");
            try (OutputStream toAnswerer = Files.newOutputStream(ttyB)) {
                toAnswerer.write((offer + "\n").getBytes(StandardCharsets.US_ASCII));
                toAnswerer.flush();
                String answer = awaitLine(answerer.err(), "rtc-answer:");
                assertTrue(answer.length() < 1024, "the answer fits a terminal's line: " + answer.length());
                toOfferer.write((answer + "\n").getBytes(StandardCharsets.US_ASCII));
                toOfferer.flush();
                assertEquals(0, offerer.exit(RUN), () -> "offerer: " + read(offerer.err()));
                assertEquals(0, answerer.exit(RUN), () -> "answerer: " + read(answerer.err()));
            }
            assertEquals("from the answerer\n", Files.readString(offerer.out()));
            assertEquals("from the offerer\n", Files.readString(answerer.out()));
        }
    }

    @Test
    void aPeerThatDiesIsExitOneWithAMessage() throws Exception {
        Path never = fifo("never-ending-stdin"); // both peers' stdin stays open: the run can only end by the death
        try (OutputStream keep = openBoth(never)) {
            Peer a = peer("a", never, List.of(), "--signal", rig.room("death"));
            Peer b = peer("b", never, List.of(), "--signal", rig.room("death"));
            awaitLine(a.err(), "connected");
            awaitLine(b.err(), "connected");
            b.process().destroyForcibly().waitFor();

            assertEquals(1, a.exit(Duration.ofSeconds(45)));
            assertTrue(a.stderr().contains("rtc: the connection to the other peer failed"), a.stderr());
        }
    }

    @Test
    void lastMessagesThePeerNeverConfirmedAreExitOne() throws Exception {
        Path stdin = fifo("a-stdin");
        Peer a;
        try (OutputStream feed = openBoth(stdin)) {
            a = peer("a", stdin, List.of(), "--signal", rig.room("tail"), "-v");
            Peer b = peer("b", null, List.of(), "--signal", rig.room("tail")); // its end marker goes at once
            awaitLine(b.err(), "connected");
            awaitLine(a.err(), "rtc: the other peer's data ended"); // b's end marker reached a
            Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(b.process().pid())).start();
            assertEquals(0, stop.waitFor(), "kill -STOP");
            feed.write("the last words\n".getBytes(StandardCharsets.UTF_8)); // in flight to a peer that no longer answers
        }
        // a has both end markers and closes the channel, which b never confirms: not a clean end
        assertEquals(1, a.exit(Duration.ofSeconds(45)), () -> "a: " + read(a.err()));
        assertTrue(a.stderr().contains("rtc: the connection to the other peer was lost (disconnected) before it confirmed "
                + "it had the last messages\n"), a.stderr());
    }

    @Test
    void twoPeersThatStopAtTheirFirstMessageEachSendTheirOwnLineFirst() throws Exception {
        // Each side's stop condition may be met before its own line went out: the run ends only after it did.
        for (int round = 0; round < 3; round++) {
            String room = rig.room("both-n1-" + round);
            Peer a = peer("a" + round, write(dir.resolve("a" + round + ".in"), "from a\n".getBytes(StandardCharsets.UTF_8)),
                    List.of(), "--signal", room, "-n", "1");
            Peer b = peer("b" + round, write(dir.resolve("b" + round + ".in"), "from b\n".getBytes(StandardCharsets.UTF_8)),
                    List.of(), "--signal", room, "-n", "1");
            assertEquals(0, a.exit(RUN), () -> "a: " + read(a.err()));
            assertEquals(0, b.exit(RUN), () -> "b: " + read(b.err()));
            assertEquals("from b\n", a.stdout(), "round " + round);
            assertEquals("from a\n", b.stdout(), "round " + round);
        }
    }

    @Test
    void aStopConditionMetWhileStdinIsStillGoingOutEndsTheRunOnlyOnceAllOfItWent() throws Exception {
        // a meets -n 1 at once (b's line), while 24 MiB of its stdin, three times what the other side's window
        // lets out before it reads, is still to go: all of it arrives before a's run ends.
        byte[] data = new byte[24 << 20];
        new Random(3).nextBytes(data);
        Peer a = peer("a", write(dir.resolve("a.bin"), data), List.of(), "--signal", rig.room("stop-drain"), "--binary", "-n", "1");
        Peer b = peer("b", write(dir.resolve("b.in"), "from b\n".getBytes(StandardCharsets.UTF_8)), List.of(),
                "--signal", rig.room("stop-drain"), "--raw");

        assertEquals(0, a.exit(RUN), () -> "a: " + read(a.err()));
        assertEquals(0, b.exit(RUN), () -> "b: " + read(b.err()));
        assertEquals("from b\n", a.stdout());
        assertArrayEquals(data, Files.readAllBytes(b.out()));
    }

    @Test
    void aCountTheOtherSideLeavesUnmetIsExitOne() throws Exception {
        Path never = fifo("a-open-stdin"); // a's data never ends: only b's close ends a's run
        try (OutputStream keep = openBoth(never)) {
            keep.write("from a\n".getBytes(StandardCharsets.UTF_8));
            keep.flush();
            Peer a = peer("a", never, List.of(), "--signal", rig.room("unmet"), "-n", "2");
            Peer b = peer("b", write(dir.resolve("b.in"), "from b\n".getBytes(StandardCharsets.UTF_8)), List.of(),
                    "--signal", rig.room("unmet"), "-n", "1");

            assertEquals(0, b.exit(RUN), () -> "b: " + read(b.err()));
            assertEquals("from a\n", b.stdout());
            assertEquals(1, a.exit(RUN), () -> "a: " + read(a.err()));
            assertEquals("from b\n", a.stdout());
            assertTrue(a.stderr().endsWith("rtc: the connection ended after 1 message, before --count 2 was met\n"), a.stderr());
        }
    }

    @Test
    void aiortcExchangesTextAndBinaryBothWays() throws Exception {
        String python = PeerRig.aiortc();
        Peer other = start("aiortc", null, rig.ns.exec(List.of(python, Tool.script("py/aiortc_peer.py").toString(), rig.room("aiortc"))));
        byte[] stdin = "hello from rtc\n\u00ff\u00fe\u0000\n".getBytes(StandardCharsets.ISO_8859_1); // the second line is not UTF-8: binary
        Peer rtc = peer("rtc", write(dir.resolve("rtc.in"), stdin), List.of(), "--signal", rig.room("aiortc"));

        assertEquals(0, rtc.exit(RUN), () -> "rtc: " + read(rtc.err()));
        assertEquals(0, other.exit(RUN), () -> "aiortc: " + read(other.err()));
        assertEquals("hello from aiortc\n0001feff\n", Files.readString(rtc.out()));
        assertEquals("T:hello from rtc\nB:fffe00\nEND\n", Files.readString(other.out()));
    }

    @Test
    void aFileSenderWhosePeerClosesEarlyIsExitOne() throws Exception {
        byte[] data = new byte[32 << 20]; // more than the 8 MiB the other side's window lets out before it reads
        new Random(5).nextBytes(data);
        Path file = write(dir.resolve("cut.bin"), data);
        Peer sender = peer("send", null, List.of(), "--signal", rig.room("cut"), "--send", file.toString());
        Peer receiver = peer("recv", null, List.of(), "--signal", rig.room("cut"), "-n", "1"); // takes the header, then closes

        assertEquals(0, receiver.exit(RUN), () -> "receiver: " + read(receiver.err()));
        assertTrue(Files.readString(receiver.out()).startsWith("{\"rtc\":\"file\",\"name\":\"cut.bin\""), () -> read(receiver.out()));
        assertEquals(1, sender.exit(RUN), () -> "sender: " + read(sender.err()));
        assertTrue(sender.stderr().contains("rtc: the other peer closed the channel before the whole file was sent")
                || sender.stderr().contains("rtc: the data channel closed before everything was sent"), sender.stderr());
    }

    @Test
    void aBinaryPipeToAiortcComesInMessagesNoLargerThanItsMaxMessageSize() throws Exception {
        // Between two rtc peers --binary cuts 256 KiB messages; aiortc says a=max-message-size:65536, and a
        // larger message would close the channel without a word. stdin is a file, so every read fills a chunk.
        String python = PeerRig.aiortc();
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        Peer other = start("aiortc", null, rig.ns.exec(List.of(python, Tool.script("py/aiortc_peer.py").toString(), rig.room("aiortc-big"))));
        Peer rtc = peer("rtc", write(dir.resolve("rtc.in"), data), List.of(), "--signal", rig.room("aiortc-big"), "--binary");

        assertEquals(0, rtc.exit(RUN), () -> "rtc: " + read(rtc.err()));
        assertEquals(0, other.exit(RUN), () -> "aiortc: " + read(other.err()));
        List<String> binary = Files.readAllLines(other.out()).stream().filter(l -> l.startsWith("B:")).map(l -> l.substring(2)).toList();
        int largest = binary.stream().mapToInt(hex -> hex.length() / 2).max().orElse(0);
        assertEquals(65536, largest, "the largest message aiortc received");
        assertEquals(HexFormat.of().formatHex(data), String.join("", binary));
    }

    @Test
    void aMissingLibpulseIsOneLineNamingThePackageAndLeavesNoCopyBehind() throws Exception {
        Path unpack = Files.createDirectory(dir.resolve("unpack"));
        // In a private mount namespace, libpulse.so.0 is made an empty file: as if libpulse0 were not installed.
        Peer rtc = start("rtc", null, unshared("mount --bind /dev/null \"$(readlink -f /lib/x86_64-linux-gnu/libpulse.so.0)\" && exec \"$0\" peer --offer --native-dir \"$1\"",
                unpack.toString()));

        assertEquals(1, rtc.exit(RUN));
        assertTrue(rtc.stderr().startsWith("rtc: rtc peer needs system libraries that are missing: apt-get install libpulse0 ("), rtc.stderr());
        assertEquals(1, rtc.stderr().lines().count(), rtc.stderr());
        assertEmpty(unpack);
    }

    @Test
    void aNoexecDirectoryForTheLibraryNamesTheSettingToChange() throws Exception {
        Path unpack = Files.createDirectory(dir.resolve("noexec"));
        Peer rtc = start("rtc", null, unshared("mount -t tmpfs -o noexec rtc-noexec \"$1\" && exec \"$0\" peer --offer --native-dir \"$1\"",
                unpack.toString()));

        assertEquals(1, rtc.exit(RUN));
        assertEquals("rtc: cannot load webrtc-java's native library from " + unpack + " (mounted noexec?): choose an "
                + "executable directory with --native-dir or RTC_NATIVE_DIR\n", rtc.stderr());
        assertEquals(0, Files.size(rtc.out()));
    }

    /** {@code sh -c script cli/rtc arg} in a mount namespace of its own, so its mounts touch nothing else. */
    private static List<String> unshared(String script, String arg) {
        if (!works("unshare", "-m", "true")) {
            String message = "cannot make a mount namespace (unshare -m): this test needs root";
            Tool.missing(message);
        }
        return List.of("unshare", "-m", "sh", "-c", script, PeerRig.RTC.toString(), arg);
    }

    private static void assertEmpty(Path directory) throws IOException {
        try (var listing = Files.list(directory)) {
            assertEquals(List.of(), listing.collect(Collectors.toList()), "the unpacked library is removed");
        }
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }


    private Path fifo(String name) throws Exception {
        return PeerRig.fifo(dir.resolve(name));
    }

    /** Opens a FIFO for writing without blocking on a reader: read-write, as a shell's {@code <>} does. */
    private static OutputStream openBoth(Path fifo) throws IOException {
        return new java.io.FileOutputStream(new java.io.RandomAccessFile(fifo.toFile(), "rw").getFD());
    }




}
