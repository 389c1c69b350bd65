package dev.rtc.peer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.Captured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * --stun, --turn, --turn-user, --relay and --max-retransmits mistakes, in-process: each is one usage line and
 * exit 2, before the native library loads (webrtc-java would crash the JVM on a URL libwebrtc rejects). And
 * --help in words a newcomer knows.
 */
@Timeout(value = 10, unit = SECONDS)
class PeerIceOptionsTest {

    @Test
    void aTurnUrlThatIsNotTurnIsAUsageError() {
        assertUsage("--turn takes turn:HOST[:PORT][?transport=udp|tcp] or turns:…, not stun:10.0.0.1:3478",
                "--turn", "stun:10.0.0.1:3478", "--turn-user", "u:p");
        assertUsage("--turn takes turn:HOST[:PORT][?transport=udp|tcp] or turns:…, not http://turn.example",
                "--turn", "http://turn.example", "--turn-user", "u:p");
    }

    @Test
    void aStunUrlThatIsNotStunIsAUsageError() {
        assertUsage("--stun takes stun:HOST[:PORT] or stuns:HOST[:PORT], not turn:10.0.0.1", "--stun", "turn:10.0.0.1");
        assertUsage("--stun takes stun:HOST[:PORT] or stuns:HOST[:PORT], not 10.0.0.1:3478", "--stun", "10.0.0.1:3478");
    }

    @Test
    void urlsLibwebrtcWouldRejectAreUsageErrorsNotACrash() {
        assertUsage("--stun: malformed URL stun: (expected stun:HOST[:PORT] or stuns:HOST[:PORT])", "--stun", "stun:");
        assertUsage("--stun: malformed URL stun:a b (expected stun:HOST[:PORT] or stuns:HOST[:PORT])", "--stun", "stun:a b");
        assertUsage("--stun: malformed URL stun:host:99999 (the port must be 1 to 65535)", "--stun", "stun:host:99999");
        assertUsage("--stun: malformed URL stun:host:0 (the port must be 1 to 65535)", "--stun", "stun:host:0");
        assertUsage("--stun: malformed URL stun:host?transport=udp (expected stun:HOST[:PORT] or stuns:HOST[:PORT], with no ?transport)",
                "--stun", "stun:host?transport=udp");
        assertUsage("--turn: malformed URL turn:u@host (expected turn:HOST[:PORT][?transport=udp|tcp] or turns:…)",
                "--turn", "turn:u@host", "--turn-user", "u:p");
        assertUsage("--turn: malformed URL turn:host?transport=sctp (expected turn:HOST[:PORT][?transport=udp|tcp] or turns:…)",
                "--turn", "turn:host?transport=sctp", "--turn-user", "u:p");
    }

    @Test
    void turnAndTurnUserComeTogether() {
        assertUsage("--turn needs --turn-user USER:PASSWORD", "--turn", "turn:10.0.0.1:3478");
        assertUsage("--turn-user is for --turn, and no --turn was given", "--turn-user", "u:p");
        assertUsage("--turn-user is for --turn, and no --turn was given", "--stun", "stun:10.0.0.1", "--turn-user", "u:p");
    }

    @Test
    void relayNeedsATurnServer() {
        assertUsage("--relay needs --turn URL (the relay to use)", "--relay");
        assertUsage("--relay needs --turn URL (the relay to use)", "--relay", "--stun", "stun:10.0.0.1");
    }

    @Test
    void turnUserNeedsBothAUserAndAPassword() {
        for (String bad : new String[] {"u", ":p", "u:"}) {
            assertUsage("--turn-user takes USER:PASSWORD, neither empty", "--turn", "turn:10.0.0.1", "--turn-user", bad);
        }
    }

    @Test
    void aNegativeMaxRetransmitsIsAUsageError() {
        assertUsage("--max-retransmits must be 0 or more", "--max-retransmits", "-1");
    }

    @Test
    void theHelpSpeaksPlainWordsNotSdpAttributesOrIceJargon() {
        Captured help = Captured.run("peer", "--help");
        assertEquals(0, help.exitCode());
        for (String jargon : new String[] {"a=max-message-size", "TCP candidates", "end-of-data marker", "end marker"}) {
            assertEquals(-1, help.out().indexOf(jargon), () -> "rtc peer --help says " + jargon + ":\n" + help.out());
        }
        assertTrue(help.out().contains("what stdin already gave has been sent"), help.out());
    }

    private static void assertUsage(String message, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "peer";
        args[1] = "--offer";
        System.arraycopy(options, 0, args, 2, options.length);
        Captured run = Captured.run(args);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("rtc: " + message + " (see 'rtc peer --help')\n", run.err());
        assertEquals("", run.out());
    }
}
