package dev.rtc.peer;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What libwebrtc's getStats says about the path a data channel took: the round-trip time, the bytes the
 * transport carried (DTLS, SCTP and data channel framing included), and whether a TURN relay carries it.
 * The report is read as a plain map, so the rules are tested without the native library.
 */
final class PathStats {
    /**
     * Message bytes each way (counted by rtc: the data channel's own stats vanish once the other side closes
     * it), and from getStats the round-trip time, whether a TURN relay carries the channel, and the bytes
     * the transport sent and received (null where the report has no transport); {@code selected}: the report
     * showed the candidate pair in use (the channel can open before it does, and then relay says nothing).
     */
    record Stats(long bytesSent, long bytesReceived, Double rttSeconds, boolean relay, Long wireSent, Long wireReceived,
            boolean selected) {}

    /**
     * The other side's relayed addresses, as its candidates said them: a check from this side's host
     * address to one of them may succeed before the candidate arrives, and libwebrtc then calls it
     * peer-reflexive, though the path runs through the other side's TURN server.
     */
    private final Set<String> remoteRelays = ConcurrentHashMap.newKeySet();

    /** Notes a candidate line of the other side's (trickled, or in its description). */
    void noteRemote(String candidateLine) {
        String endpoint = Sdp.relayEndpoint(candidateLine);
        if (endpoint != null) remoteRelays.add(endpoint);
    }

    /** Reads a report ({@code id → stats}) with rtc's own counts of message bytes. */
    Stats read(Map<String, RTCStats> report, long bytesSent, long bytesReceived) {
        Double rtt = null;
        boolean relay = false;
        boolean selected = false;
        Long wireSent = null;
        Long wireReceived = null;
        for (RTCStats s : report.values()) {
            Map<String, Object> a = s.getAttributes();
            if (s.getType() == RTCStatsType.CANDIDATE_PAIR && Boolean.TRUE.equals(a.get("nominated"))
                    && "succeeded".equals(String.valueOf(a.get("state")))) {
                selected = true;
                if (a.get("currentRoundTripTime") instanceof Number n) rtt = n.doubleValue();
                RTCStats local = report.get(String.valueOf(a.get("localCandidateId")));
                RTCStats remote = report.get(String.valueOf(a.get("remoteCandidateId")));
                relay = isRelay(local) || isRelay(remote) || (remote != null && remoteRelays.contains(
                        remote.getAttributes().get("address") + " " + remote.getAttributes().get("port")));
            } else if (s.getType() == RTCStatsType.TRANSPORT) {
                if (a.get("bytesSent") instanceof Number n) wireSent = (wireSent == null ? 0 : wireSent) + n.longValue();
                if (a.get("bytesReceived") instanceof Number n) wireReceived = (wireReceived == null ? 0 : wireReceived) + n.longValue();
            }
        }
        return new Stats(bytesSent, bytesReceived, rtt, relay, wireSent, wireReceived, selected);
    }

    private static boolean isRelay(RTCStats candidate) {
        return candidate != null && "relay".equals(String.valueOf(candidate.getAttributes().get("candidateType")));
    }
}
