package dev.rtc.compare;

import java.nio.charset.StandardCharsets;

/**
 * The payload compare publishes: {@code <seq> <publish-nanos> } in ASCII, then filler up to the size
 * asked for. Text filler is {@code x}; binary filler runs through 0x80..0xFE, which is never UTF-8 and
 * never a line end, so a stream's lines and a WebSocket's binary frames carry it unchanged. A size
 * smaller than the header gives the header alone.
 *
 * @param seq          1, 2, 3, … in publishing order
 * @param publishNanos {@link System#nanoTime()} just before the publish call
 */
record Probe(long seq, long publishNanos) {

    byte[] encode(int size, boolean binary) {
        byte[] head = (seq + " " + publishNanos + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[Math.max(size, head.length + (binary ? 1 : 0))];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = head.length; i < out.length; i++) {
            out[i] = binary ? (byte) (0x80 + (i % 0x7F)) : (byte) 'x';
        }
        return out;
    }

    /** The probe at the start of these bytes, or null when they are not one (a heartbeat, another publisher's message). */
    static Probe decode(byte[] data, int offset, int length) {
        int end = offset + length;
        int i = offset;
        long seq = 0;
        int digits = 0;
        for (; i < end && data[i] >= '0' && data[i] <= '9' && digits < 18; i++, digits++) {
            seq = seq * 10 + (data[i] - '0');
        }
        if (digits == 0 || i >= end || data[i] != ' ') return null;
        i++;
        boolean negative = i < end && data[i] == '-';
        if (negative) i++;
        long nanos = 0;
        digits = 0;
        for (; i < end && data[i] >= '0' && data[i] <= '9' && digits < 19; i++, digits++) {
            nanos = nanos * 10 + (data[i] - '0');
        }
        if (digits == 0 || i >= end || data[i] != ' ') return null;
        return new Probe(seq, negative ? -nanos : nanos);
    }

    static Probe decode(byte[] data) {
        return decode(data, 0, data.length);
    }
}
