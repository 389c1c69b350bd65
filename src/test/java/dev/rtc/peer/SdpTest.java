package dev.rtc.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What rtc reads out of the other side's description and candidates, without the native library. */
class SdpTest {
    private static String description(String... attributes) {
        return String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=sctp-port:5000", String.join("\r\n", attributes), "");
    }

    @Test
    void theLargestMessageIsTheOtherSidesMaxMessageSize() {
        assertEquals(262144, Sdp.maxMessageSize(description("a=max-message-size:262144")));
        assertEquals(65536, Sdp.maxMessageSize(description("a=max-message-size:65536")));
    }

    @Test
    void aDescriptionWithoutMaxMessageSizeMeans64KiBAndZeroMeansAnySize() {
        assertEquals(65536, Sdp.maxMessageSize(description("a=mid:0")));
        assertEquals(65536, Sdp.maxMessageSize(null), "no remote description yet");
        assertEquals(Integer.MAX_VALUE, Sdp.maxMessageSize(description("a=max-message-size:0")));
        assertEquals(Integer.MAX_VALUE, Sdp.maxMessageSize(description("a=max-message-size:4294967296")));
        assertEquals(Integer.MAX_VALUE, Sdp.maxMessageSize(description("a=max-message-size:99999999999999999999999")),
                "more digits than a long holds is no failure");
    }

    @Test
    void aCandidateLineIsReadWithOrWithoutItsAttributePrefix() {
        String[] fields = {"3", "1", "udp", "41885695", "10.98.0.1", "51234", "typ", "relay", "raddr", "10.98.1.2", "rport", "40000"};
        assertArrayEquals(fields, Sdp.candidateFields("a=candidate:3 1 udp 41885695 10.98.0.1 51234 typ relay raddr 10.98.1.2 rport 40000\r"));
        assertArrayEquals(fields, Sdp.candidateFields("candidate:3 1 udp 41885695 10.98.0.1 51234 typ relay raddr 10.98.1.2 rport 40000"));
        assertNull(Sdp.candidateFields("a=candidate:odd shape"));
        assertNull(Sdp.candidateFields("a=mid:0"));
    }

    @Test
    void theOtherSidesRelayedAddressesAreReadFromItsCandidates() {
        assertEquals("10.98.0.1 51234", Sdp.relayEndpoint(
                "candidate:3 1 udp 41885695 10.98.0.1 51234 typ relay raddr 10.98.1.2 rport 40000 generation 0"));
        assertEquals("10.98.0.1 51234", Sdp.relayEndpoint("a=candidate:3 1 udp 41885695 10.98.0.1 51234 typ relay\r"));
        assertNull(Sdp.relayEndpoint("candidate:1 1 udp 2122260223 10.99.0.1 45678 typ host generation 0"));
        assertNull(Sdp.relayEndpoint("a=mid:0"));
    }
}
