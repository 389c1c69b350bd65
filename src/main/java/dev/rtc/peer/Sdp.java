package dev.rtc.peer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What rtc reads out of session descriptions and candidate lines (RFC 8839, RFC 8841): the largest message
 * the other side takes, a candidate line's fields, and a relayed candidate's address. Plain strings in and
 * out, so none of it needs the native library.
 */
final class Sdp {
    /** RFC 8841: a description that names no max-message-size means 64 KiB. */
    static final int DEFAULT_MAX_MESSAGE = 65536;
    private static final String CANDIDATE = "a=candidate:";
    private static final Pattern MAX_MESSAGE_SIZE = Pattern.compile("a=max-message-size:(\\d+)");

    private Sdp() {}

    /**
     * The largest message the side that wrote {@code sdp} takes: its {@code a=max-message-size}, 64 KiB when it
     * names none (or there is no description yet), and no limit for 0 (the RFC's "any size").
     */
    static int maxMessageSize(String sdp) {
        if (sdp == null) return DEFAULT_MAX_MESSAGE;
        Matcher m = MAX_MESSAGE_SIZE.matcher(sdp);
        if (!m.find()) return DEFAULT_MAX_MESSAGE;
        String digits = m.group(1);
        if (digits.length() > 10) return Integer.MAX_VALUE; // more than fits an int: as good as no limit
        long size = Long.parseLong(digits);
        return size == 0 ? Integer.MAX_VALUE : (int) Math.min(size, Integer.MAX_VALUE);
    }

    /**
     * The fields of a candidate line, {@code a=candidate:} or trickle's {@code candidate:} (RFC 8839):
     * foundation component transport priority address port "typ" type [raddr A rport P] [extensions…];
     * null when the line is not one, or not of that shape.
     */
    static String[] candidateFields(String line) {
        String s = line.strip();
        if (s.startsWith(CANDIDATE)) {
            s = s.substring(CANDIDATE.length());
        } else if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        } else {
            return null;
        }
        String[] f = s.split(" ");
        return f.length >= 8 && "typ".equals(f[6]) ? f : null;
    }

    /** "ADDRESS PORT" of a relay candidate line ({@code [a=]candidate:F C udp P ADDRESS PORT typ relay ...}), else null. */
    static String relayEndpoint(String candidateLine) {
        String[] f = candidateFields(candidateLine);
        return f != null && f[7].equals("relay") ? f[4] + " " + f[5] : null;
    }
}
