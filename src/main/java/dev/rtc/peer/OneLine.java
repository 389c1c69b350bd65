package dev.rtc.peer;

import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.rtc.cli.RtcException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A session description as one printable line for {@code --offer}/{@code --answer}: the SDP without what
 * a data channel met by hand does not need, deflated and in URL-safe base64 behind a prefix that says
 * which side wrote it. It must fit the 1024-character line of a terminal in canonical mode (macOS; Linux
 * allows 4095), and libwebrtc writes two candidates per interface and address family, each with
 * extension fields: as it comes, the offer of a host with six interfaces is about 1200 characters. Left
 * out: media-only attributes, trickle's ice-options, TCP candidates (a manual meeting needs UDP between
 * the peers, or --turn), and a candidate's fields after its type and related address (generation,
 * ufrag, network-id, network-cost: libwebrtc's own hints). Foundations, random numbers that only say
 * which candidates share a base, are renumbered 1, 2, … keeping which are equal. That halves the line.
 * Decoding takes any SDP, so lines from older versions still work.
 */
final class OneLine {
    static final String OFFER = "rtc-offer:";
    static final String ANSWER = "rtc-answer:";
    private static final String CANDIDATE = "a=candidate:";
    /** Media-only attributes, and trickle ICE's option, which a description with every candidate in it does not use. */
    private static final List<String> UNNEEDED = List.of("a=extmap-allow-mixed", "a=msid-semantic:", "a=ice-options:");

    private OneLine() {}

    static String encode(RTCSessionDescription d) {
        StringBuilder sdp = new StringBuilder();
        Map<String, String> foundations = new HashMap<>();
        for (String line : d.sdp.split("\r\n")) {
            String kept = shorten(line, foundations);
            if (kept != null) sdp.append(kept).append('\n');
        }
        byte[] raw = sdp.toString().getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        String prefix = d.sdpType == RTCSdpType.OFFER ? OFFER : ANSWER;
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** The line as it goes into the one-line form, or null to leave it out. */
    static String shorten(String line, Map<String, String> foundations) {
        if (line.isEmpty()) return null;
        for (String unneeded : UNNEEDED) {
            if (line.startsWith(unneeded)) return null;
        }
        if (!line.startsWith(CANDIDATE)) return line;
        String[] f = Sdp.candidateFields(line);
        if (f == null) return line; // not a shape we know: keep it whole
        if (f[2].equalsIgnoreCase("tcp")) return null;
        int end = 8;
        if (f.length >= 12 && "raddr".equals(f[8]) && "rport".equals(f[10])) end = 12;
        f[0] = foundations.computeIfAbsent(f[0], k -> Integer.toString(foundations.size() + 1));
        return CANDIDATE + String.join(" ", Arrays.copyOf(f, end));
    }

    static RTCSessionDescription decode(String line, RTCSdpType expected) {
        String s = line.strip();
        String prefix = expected == RTCSdpType.OFFER ? OFFER : ANSWER;
        if (!s.startsWith(prefix)) {
            throw new RtcException("expected a line starting with " + prefix + " (from rtc peer --"
                    + (expected == RTCSdpType.OFFER ? "offer" : "answer") + "), got "
                    + (s.length() > 20 ? s.substring(0, 20) + "…" : s.isEmpty() ? "an empty line" : s));
        }
        try {
            byte[] packed = Base64.getUrlDecoder().decode(s.substring(prefix.length()));
            Inflater inflater = new Inflater(true);
            inflater.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                out.write(buf, 0, n);
            }
            boolean whole = inflater.finished();
            inflater.end();
            // a terminal that cuts a long line leaves a stream that inflates without error, only short
            if (!whole) throw new DataFormatException("it ends early");
            String sdp = out.toString(StandardCharsets.UTF_8).replace("\n", "\r\n");
            if (!sdp.startsWith("v=0")) throw new DataFormatException("not a session description");
            return new RTCSessionDescription(expected, sdp);
        } catch (IllegalArgumentException | DataFormatException e) {
            throw new RtcException("the pasted line is damaged (" + e.getMessage() + "): copy it again, whole");
        }
    }
}
