package dev.rtc.client;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One received message, as a client hands it to {@link ClientListener#message}.
 *
 * @param data          the array that holds the payload; valid only during the call (clients reuse their buffers)
 * @param offset        where the payload starts in {@code data}
 * @param length        its length in bytes
 * @param binary        true when the technique marks it binary (a WebSocket binary frame, a binary data
 *                      channel message): shown as binary even when its bytes happen to be UTF-8; false when
 *                      it is text or bytes that may be text
 * @param receivedNanos {@link System#nanoTime()} when it was received, for latency figures
 * @param wireBytes     the bytes it took on the wire as far as the client can know them (framing and,
 *                      for one message per response, the response head included); 0 when it cannot know
 * @param fields        the technique's own fields of SPEC.md's {@code --json} record (seq, status, id, event, …),
 *                      in order; never null
 */
public record Received(byte[] data, int offset, int length, boolean binary, long receivedNanos, long wireBytes,
        Map<String, ?> fields) {

    /** A whole array as one message, received now. */
    public static Received of(byte[] data, boolean binary, long wireBytes, Map<String, ?> fields) {
        return new Received(data, 0, data.length, binary, System.nanoTime(), wireBytes, fields);
    }

    /** A copy of the payload, to keep beyond the call. */
    public byte[] bytes() {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    /** The payload as text when it is not binary and is valid UTF-8, else null. */
    public String text() {
        if (binary) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
