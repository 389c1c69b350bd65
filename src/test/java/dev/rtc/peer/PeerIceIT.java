package dev.rtc.peer;

import static dev.rtc.peer.PeerRig.read;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtc.peer.PeerRig.Peer;
import dev.rtc.serve.interop.Tool;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * rtc peer's ICE options with real servers: {@code cli/rtc peer} processes that cannot reach each other
 * but reach a TURN relay ({@link OnlyViaServer}), and ones behind NATs that only STUN gets through
 * ({@link TwoNats}), and ones behind symmetric NATs that only a relay gets through, with --relay
 * ({@link TwoNats#symmetric}); each network with {@code rtc serve} and coturn (STUN and TURN) in its server namespace.
 * And aiortc reporting the channel rtc opens to it.
 */
@Timeout(value = 120, unit = SECONDS)
class PeerIceIT {
    private static final Duration RUN = Duration.ofSeconds(60);
    /** libwebrtc gives up about 16s after its checks are refused, rtc 30s after ICE began; start-up besides. */
    private static final Duration GIVES_UP = Duration.ofSeconds(60);
    private static final String NO_PATH = "rtc: no connection to the other peer: none of the ways ICE tried reached it";

    private static OnlyViaServer split;
    private static TwoNats nats;
    private static TwoNats symmetric;
    private static Site splitSite;
    private static Site natSite;
    private static Site symmetricSite;
    @TempDir
    static Path serverDir;

    @RegisterExtension
    static final PeerRig rig = PeerRig.processesOnly();
    @TempDir
    Path dir;

    /** rtc serve (listening on {@code port}) and coturn in a server namespace. */
    private record Site(Process serve, Process coturn, String port, Path log) {
        String signal(String address, String room) {
            return "ws://" + address + ":" + port + "/signal/" + room;
        }

        String coturnLog() {
            return read(log);
        }

        void stop() throws InterruptedException {
            if (coturn != null) coturn.destroyForcibly().waitFor();
            if (serve != null) serve.destroyForcibly().waitFor();
        }
    }

    @BeforeAll
    static void networksAndServers() throws Exception {
        split = OnlyViaServer.create();
        splitSite = site(split.t, "split", OnlyViaServer.SERVER_A, OnlyViaServer.SERVER_B);
        nats = TwoNats.create();
        natSite = site(nats.t, "nats", TwoNats.SERVER);
        symmetric = TwoNats.symmetric();
        symmetricSite = site(symmetric.t, "symmetric", TwoNats.SERVER);
    }

    @AfterAll
    static void stopServersAndRemoveNetworks() throws Exception {
        try {
            if (splitSite != null) splitSite.stop();
            if (natSite != null) natSite.stop();
            if (symmetricSite != null) symmetricSite.stop();
        } finally {
            if (split != null) split.close();
            if (nats != null) nats.close();
            if (symmetric != null) symmetric.close();
        }
    }

    private static Site site(Namespace t, String name, String... addresses) throws Exception {
        Process serve = new ProcessBuilder(t.exec(List.of(PeerRig.RTC.toString(), "serve", "--host", "0.0.0.0", "-p", "0", "-q")))
                .redirectInput(new File("/dev/null")).start();
        String port = PeerRig.awaitListening(serve, t.name).replaceFirst(".*:", "");
        Path log = serverDir.resolve(name + "-turn.log");
        return new Site(serve, startCoturn(t, name, log, addresses), port, log);
    }

    /**
     * coturn with explicit flags only (-n: no /etc/turnserver.conf), listening on {@code addresses} and
     * relaying from the first, its database, log and pid file in the test's directory.
     */
    /** A self-signed certificate and its key for coturn's TLS listener (openssl), made once. */
    private static Path certificate() throws Exception {
        Path dir = serverDir.resolve("tls");
        if (Files.exists(dir.resolve("key.pem"))) return dir;
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=turn.rtc.test", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).redirectOutput(serverDir.resolve("openssl.out").toFile()).start();
        if (!p.waitFor(30, SECONDS) || p.exitValue() != 0) fail("openssl req: " + read(serverDir.resolve("openssl.out")));
        return dir;
    }

    private static Process startCoturn(Namespace t, String name, Path log, String... addresses) throws Exception {
        String turnserver = "/usr/bin/turnserver";
        if (!Files.isExecutable(Path.of(turnserver))) {
            String message = "coturn is not installed (apt-get install -y coturn)";
            Tool.missing(message);
        }
        List<String> command = new ArrayList<>(List.of(turnserver, "-n", "-v"));
        for (String address : addresses) command.addAll(List.of("--listening-ip", address));
        command.addAll(List.of("--listening-port", "3478", "--relay-ip", addresses[0],
                "--realm", "rtc.test", "--lt-cred-mech", "--user", "u:p",
                "--no-dtls", "--no-cli", // TLS (turns:) on 5349, with a self-signed certificate
                "--tls-listening-port", "5349", "--cert", certificate().resolve("cert.pem").toString(),
                "--pkey", certificate().resolve("key.pem").toString(),
                // coturn may refuse to relay to private addresses, and every address here is one
                "--allowed-peer-ip", "10.97.0.0-10.98.255.255",
                "--db", serverDir.resolve(name + "-turndb").toString(), "--pidfile", serverDir.resolve(name + "-turn.pid").toString(),
                "--log-file", log.toString(), "--simple-log", "--no-stdout-log"));
        Path out = serverDir.resolve(name + "-turn.out");
        Process p = new ProcessBuilder(t.exec(command)).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("UDP listener opened on: " + addresses[addresses.length - 1] + ":3478")) {
                return p;
            }
            if (!p.isAlive()) break;
            Thread.sleep(100);
        }
        p.destroyForcibly().waitFor();
        fail("coturn did not start: " + read(out) + read(log));
        return null;
    }



    @Test
    void peersThatCannotReachEachOtherExchangeLinesByteExactThroughTheTurnRelay() throws Exception {
        String fromA = lines("a line ☃ ", 500);
        String fromB = lines("b", 300);
        Peer a = peer(split.a, "a", fromA, "--signal", splitSite.signal(OnlyViaServer.SERVER_A, "relay"),
                "--turn", "turn:" + OnlyViaServer.SERVER_A + ":3478", "--turn-user", "u:p");
        Peer b = peer(split.b, "b", fromB, "--signal", splitSite.signal(OnlyViaServer.SERVER_B, "relay"),
                "--turn", "turn:" + OnlyViaServer.SERVER_B + ":3478", "--turn-user", "u:p");

        assertEquals(0, a.exit(RUN), () -> "a: " + read(a.err()) + "\nb: " + read(b.err()));
        assertEquals(0, b.exit(RUN), () -> "b: " + read(b.err()));
        assertEquals(fromB, Files.readString(a.out()));
        assertEquals(fromA, Files.readString(b.out()));
        assertEquals("connected: relay\n", a.stderr());
        assertEquals("connected: relay\n", b.stderr());
        assertTrue(splitSite.coturnLog().contains("user <u>: incoming packet ALLOCATE processed, success"));
    }

    @Test
    void aTurnsRelayWithASelfSignedCertificateIsRefusedUnlessKIsGiven() throws Exception {
        String turnsA = "turns:" + OnlyViaServer.SERVER_A + ":5349?transport=tcp";
        String turnsB = "turns:" + OnlyViaServer.SERVER_B + ":5349?transport=tcp";
        Peer a = peer(split.a, "a", "checked\n", "--signal", splitSite.signal(OnlyViaServer.SERVER_A, "turns-checked"),
                "--turn", turnsA, "--turn-user", "u:p");
        Peer b = peer(split.b, "b", "checked\n", "--signal", splitSite.signal(OnlyViaServer.SERVER_B, "turns-checked"),
                "--turn", turnsB, "--turn-user", "u:p");
        assertEquals(1, a.exit(GIVES_UP));
        assertEquals(1, b.exit(GIVES_UP));
        assertTrue(a.stderr().startsWith(NO_PATH), a.stderr());
        assertEquals(0, Files.size(b.out()));

        String fromA = lines("over tls ", 100);
        String fromB = lines("back ", 100);
        Peer k = peer(split.a, "ka", fromA, "--signal", splitSite.signal(OnlyViaServer.SERVER_A, "turns-k"),
                "--turn", turnsA, "--turn-user", "u:p", "-k");
        Peer l = peer(split.b, "kb", fromB, "--signal", splitSite.signal(OnlyViaServer.SERVER_B, "turns-k"),
                "--turn", turnsB, "--turn-user", "u:p", "-k");
        assertEquals(0, k.exit(RUN), () -> "ka: " + read(k.err()) + "\nkb: " + read(l.err()));
        assertEquals(0, l.exit(RUN), () -> "kb: " + read(l.err()));
        assertEquals(fromB, Files.readString(k.out()));
        assertEquals(fromA, Files.readString(l.out()));
        assertEquals("connected: relay\n", k.stderr());
    }

    @Test
    void withoutTurnPeersThatCannotReachEachOtherGiveUpWithOneLine() throws Exception {
        Peer a = peer(split.a, "a", "never arrives\n", "--signal", splitSite.signal(OnlyViaServer.SERVER_A, "no-turn"));
        Peer b = peer(split.b, "b", "never arrives\n", "--signal", splitSite.signal(OnlyViaServer.SERVER_B, "no-turn"));

        String expected = NO_PATH + " (with no --stun or --turn, only its own addresses were tried: across a NAT, "
                + "add --stun URL or --turn URL)\n";
        assertEquals(1, a.exit(GIVES_UP));
        assertEquals(1, b.exit(GIVES_UP));
        assertEquals(expected, a.stderr());
        assertEquals(expected, b.stderr());
        assertEquals(0, Files.size(a.out()) + Files.size(b.out()));
    }

    @Test
    void aWrongTurnPasswordIsOneLineNamingTheServer() throws Exception {
        String turnA = "turn:" + OnlyViaServer.SERVER_A + ":3478";
        String turnB = "turn:" + OnlyViaServer.SERVER_B + ":3478";
        Peer a = peer(split.a, "a", "x\n", "--signal", splitSite.signal(OnlyViaServer.SERVER_A, "wrong"), "--turn", turnA, "--turn-user", "u:wrong");
        Peer b = peer(split.b, "b", "x\n", "--signal", splitSite.signal(OnlyViaServer.SERVER_B, "wrong"), "--turn", turnB, "--turn-user", "u:wrong");

        assertEquals(1, a.exit(GIVES_UP));
        assertEquals(1, b.exit(GIVES_UP));
        assertEquals(NO_PATH + " (" + turnA + "?transport=udp: 401 Unauthorized, wrong --turn-user?)\n", a.stderr());
        assertEquals(NO_PATH + " (" + turnB + "?transport=udp: 401 Unauthorized, wrong --turn-user?)\n", b.stderr());
        assertTrue(splitSite.coturnLog().contains("user u credentials are incorrect"));
    }

    @Test
    void behindNatsStunFindsTheDirectPath() throws Exception {
        String stun = "stun:" + TwoNats.SERVER + ":3478";
        String fromA = lines("from a ", 200);
        String fromB = lines("from b ", 200);
        Peer a = peer(nats.a, "a", fromA, "--signal", natSite.signal(TwoNats.SERVER, "stun"), "--stun", stun);
        Peer b = peer(nats.b, "b", fromB, "--signal", natSite.signal(TwoNats.SERVER, "stun"), "--stun", stun, "--json");

        assertEquals(0, a.exit(RUN), () -> "a: " + read(a.err()) + "\nb: " + read(b.err()));
        assertEquals(0, b.exit(RUN), () -> "b: " + read(b.err()));
        assertEquals(fromB, Files.readString(a.out()));
        assertEquals("connected: direct\n", a.stderr());
        List<String> records = Files.readAllLines(b.out());
        assertTrue(records.get(0).matches("\\{\"type\":\"open\",\"ts\":\"[^\"]+\",\"label\":\"rtc\",\"path\":\"direct\"}"), records.get(0));
        assertEquals(201, records.size(), "the open record and one per line");
    }

    @Test
    void behindNatsWithoutStunNothingConnects() throws Exception {
        Peer a = peer(nats.a, "a", "never arrives\n", "--signal", natSite.signal(TwoNats.SERVER, "no-stun"));
        Peer b = peer(nats.b, "b", "never arrives\n", "--signal", natSite.signal(TwoNats.SERVER, "no-stun"));

        String expected = NO_PATH + " (with no --stun or --turn, only its own addresses were tried: across a NAT, "
                + "add --stun URL or --turn URL)\n";
        assertEquals(1, a.exit(GIVES_UP));
        assertEquals(1, b.exit(GIVES_UP));
        assertEquals(expected, a.stderr());
        assertEquals(expected, b.stderr());
    }

    /**
     * Without --relay this fails here: libwebrtc also checks its relayed candidate against the other
     * peer's private address, which coturn cannot send to (no route from t: sendto fails with
     * ENETUNREACH), and coturn answers a failed send by closing the whole allocation ("udp send: Network
     * is unreachable", then "closed (2nd stage) ... reason: general"), so the relayed path in use dies a
     * second or two after "connected: relay" and both peers are exit 1 about 16s later. With --relay on
     * both sides every pair is relay to relay, and coturn only ever sends to its own addresses. The lines
     * go out a tenth of a second apart, so the run lasts long enough for that failure to show.
     */
    @Test
    void behindSymmetricNatsPeersWithRelayExchangeLinesThroughTheTurnServer() throws Exception {
        String signal = symmetricSite.signal(TwoNats.SERVER, "relay-only");
        String turn = "turn:" + TwoNats.SERVER + ":3478";
        Peer a = pacedPeer(symmetric.a, "a", "from a ", 100, "--signal", signal, "--turn", turn, "--turn-user", "u:p", "--relay");
        Peer b = pacedPeer(symmetric.b, "b", "from b ", 100, "--signal", signal, "--turn", turn, "--turn-user", "u:p", "--relay");

        assertEquals(0, a.exit(RUN), () -> "a: " + read(a.err()) + "\nb: " + read(b.err()) + "\ncoturn: " + symmetricSite.coturnLog());
        assertEquals(0, b.exit(RUN), () -> "b: " + read(b.err()));
        assertEquals(lines("from b ", 100), Files.readString(a.out()));
        assertEquals(lines("from a ", 100), Files.readString(b.out()));
        assertEquals("connected: relay\n", a.stderr());
        assertEquals("connected: relay\n", b.stderr());
        assertFalse(symmetricSite.coturnLog().contains("reason: general"), symmetricSite::coturnLog);
    }

    @Test
    void theOtherSideSeesAnOrderedReliableChannelByDefault() throws Exception {
        assertEquals("CHANNEL label=rtc ordered=True maxRetransmits=None maxPacketLifeTime=None", channelAiortcSees("default"));
    }

    @Test
    void theOtherSideSeesUnorderedAndMaxRetransmitsAsAsked() throws Exception {
        assertEquals("CHANNEL label=rtc ordered=False maxRetransmits=None maxPacketLifeTime=None",
                channelAiortcSees("unordered", "--unordered"));
        assertEquals("CHANNEL label=rtc ordered=True maxRetransmits=3 maxPacketLifeTime=None",
                channelAiortcSees("retransmits", "--max-retransmits", "3"));
        assertEquals("CHANNEL label=rtc ordered=False maxRetransmits=0 maxPacketLifeTime=None",
                channelAiortcSees("both", "--unordered", "--max-retransmits", "0"));
    }

    /** The first line aiortc prints: the channel rtc opened, as its DCEP open message described it. */
    private String channelAiortcSees(String room, String... options) throws Exception {
        String python = PeerRig.aiortc();
        String signal = natSite.signal(TwoNats.SERVER, "dcep-" + room);
        Peer other = start("aiortc-" + room, null, nats.t.exec(List.of(python, Tool.script("py/aiortc_peer.py").toString(),
                signal, "--describe-channel")));
        List<String> args = new ArrayList<>(List.of("--signal", signal));
        args.addAll(List.of(options));
        Peer rtc = peer(nats.t, "rtc-" + room, "hello from rtc\n", args.toArray(new String[0]));

        assertEquals(0, rtc.exit(RUN), () -> "rtc: " + read(rtc.err()));
        assertEquals(0, other.exit(RUN), () -> "aiortc: " + read(other.err()));
        return Files.readAllLines(other.out()).get(0);
    }


    private Peer peer(Namespace ns, String name, String stdin, String... args) throws IOException {
        return start(name, Files.writeString(dir.resolve(name + ".in"), stdin), ns.exec(PeerRig.rtcPeer(List.of(), args)));
    }

    private Peer start(String name, Path stdin, List<String> command) throws IOException {
        return rig.start(dir, name, stdin, command);
    }

    /** rtc peer with {@code count} lines on stdin ({@code prefix0} onwards), one each tenth of a second. */
    private Peer pacedPeer(Namespace ns, String name, String prefix, int count, String... args) throws IOException {
        String feed = "i=0; while [ $i -lt " + count + " ]; do echo \"" + prefix + "$i\"; i=$((i+1)); sleep 0.1; done | \"$0\" peer \"$@\"";
        List<String> command = new ArrayList<>(List.of("sh", "-c", feed, PeerRig.RTC.toString()));
        command.addAll(List.of(args));
        return start(name, null, ns.exec(command));
    }


    private static String lines(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).collect(Collectors.joining("\n", "", "\n"));
    }


}
