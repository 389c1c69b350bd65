package dev.rtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading libwebrtc's getStats report: the path (direct or relay), the round trip, the transport's bytes. */
class PathStatsTest {
    private final Map<String, RTCStats> report = new LinkedHashMap<>();

    /** RTCStats has a protected constructor only: libwebrtc makes them; a subclass stands in here. */
    private void add(String id, RTCStatsType type, Object... attributes) {
        Map<String, Object> a = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) a.put((String) attributes[i], attributes[i + 1]);
        report.put(id, new RTCStats(0, type, id, a) {});
    }

    private void nominatedPair(String localType, String remoteType, String remoteAddress, int remotePort) {
        add("CPa_b", RTCStatsType.CANDIDATE_PAIR, "nominated", true, "state", "succeeded",
                "currentRoundTripTime", 0.004, "localCandidateId", "Ia", "remoteCandidateId", "Ib");
        add("Ia", RTCStatsType.LOCAL_CANDIDATE, "candidateType", localType, "address", "10.99.0.1", "port", 40000);
        add("Ib", RTCStatsType.REMOTE_CANDIDATE, "candidateType", remoteType, "address", remoteAddress, "port", remotePort);
    }

    @Test
    void aPairOfHostCandidatesIsDirectWithItsRoundTrip() {
        nominatedPair("host", "host", "10.99.0.2", 50000);
        PathStats.Stats s = new PathStats().read(report, 10, 20);
        assertFalse(s.relay());
        assertEquals(0.004, s.rttSeconds());
        assertEquals(10, s.bytesSent());
        assertEquals(20, s.bytesReceived());
    }

    @Test
    void aRelayCandidateOnEitherEndIsTheRelayPath() {
        nominatedPair("relay", "host", "10.99.0.2", 50000);
        assertTrue(new PathStats().read(report, 0, 0).relay());
        report.clear();
        nominatedPair("host", "relay", "10.99.0.2", 50000);
        assertTrue(new PathStats().read(report, 0, 0).relay());
    }

    @Test
    void aPeerReflexiveRemoteAtTheOtherSidesRelayedAddressIsTheRelayPath() {
        // the check from this side succeeded before the other side's relay candidate arrived: libwebrtc says prflx
        nominatedPair("host", "prflx", "10.98.0.1", 51234);
        PathStats path = new PathStats();
        assertFalse(path.read(report, 0, 0).relay(), "nothing noted yet");
        path.noteRemote("candidate:3 1 udp 41885695 10.98.0.1 51234 typ relay raddr 10.98.1.2 rport 40000");
        assertTrue(path.read(report, 0, 0).relay());
        path.noteRemote("a=candidate:1 1 udp 2122260223 10.98.0.1 51235 typ host");
        assertTrue(path.read(report, 0, 0).relay(), "a host candidate notes nothing");
    }

    @Test
    void onlyTheNominatedSucceededPairCounts() {
        add("CPx", RTCStatsType.CANDIDATE_PAIR, "nominated", false, "state", "succeeded",
                "currentRoundTripTime", 0.5, "localCandidateId", "Ix", "remoteCandidateId", "Iy");
        add("Ix", RTCStatsType.LOCAL_CANDIDATE, "candidateType", "relay");
        add("CPw", RTCStatsType.CANDIDATE_PAIR, "nominated", true, "state", "in-progress",
                "currentRoundTripTime", 0.7, "localCandidateId", "Ix", "remoteCandidateId", "Iy");
        PathStats.Stats s = new PathStats().read(report, 0, 0);
        assertFalse(s.relay());
        assertNull(s.rttSeconds());
        assertFalse(s.selected(), "no pair in use yet: relay says nothing");
        report.clear();
        nominatedPair("relay", "relay", "10.99.0.2", 50000);
        assertTrue(new PathStats().read(report, 0, 0).selected());
    }

    @Test
    void theTransportsBytesAreTheWireCountsAndAbsentWithoutATransport() {
        PathStats.Stats none = new PathStats().read(Map.of(), 5, 6);
        assertNull(none.wireSent());
        assertNull(none.wireReceived());
        add("T01", RTCStatsType.TRANSPORT, "bytesSent", java.math.BigInteger.valueOf(1234), "bytesReceived", 5678L);
        PathStats.Stats s = new PathStats().read(report, 5, 6);
        assertEquals(1234L, s.wireSent());
        assertEquals(5678L, s.wireReceived());
    }
}
