package dev.rtc.peer;

import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.rtc.cli.RtcException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A session description as one printable line for {@code --offer}/{@code --answer}: the SDP without the
 * lines a data channel does not need, deflated and in URL-safe base64 behind a prefix that says which
 * side wrote it. A data-channel offer with a few host candidates comes to a few hundred characters,
 * well inside the 1024-character line limit of a terminal in canonical mode.
 */
final class OneLine {
    static final String OFFER = "rtc-offer:";
    static final String ANSWER = "rtc-answer:";

    private OneLine() {}

    static String encode(RTCSessionDescription d) {
        StringBuilder sdp = new StringBuilder();
        for (String line : d.sdp.split("\r\n")) {
            if (line.isEmpty()) continue;
            sdp.append(line).append('\n');
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
            inflater.end();
            String sdp = out.toString(StandardCharsets.UTF_8).replace("\n", "\r\n");
            if (!sdp.startsWith("v=0")) throw new DataFormatException("not a session description");
            return new RTCSessionDescription(expected, sdp);
        } catch (IllegalArgumentException | DataFormatException e) {
            throw new RtcException("the pasted line is damaged (" + e.getMessage() + "): copy it again, whole");
        }
    }
}
