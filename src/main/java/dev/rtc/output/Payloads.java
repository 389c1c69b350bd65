package dev.rtc.output;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decides whether bytes are text: rtc never prints invalid UTF-8 as if it were text. */
public final class Payloads {
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Payloads() {}

    /** The bytes as a string when they are valid UTF-8, else null. */
    public static String utf8OrNull(byte[] bytes) {
        return utf8OrNull(bytes, 0, bytes.length);
    }

    /** {@code length} bytes from {@code offset} as a string when they are valid UTF-8, else null. */
    public static String utf8OrNull(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Whether {@link #utf8OrNull} would decode these bytes, without decoding them (no allocation): the
     * per-message check of a fast stream. Well-formed UTF-8 as RFC 3629 defines it, which is what the
     * JDK's decoder accepts: no overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF.
     */
    public static boolean isUtf8(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            // ASCII, by far the most common, eight bytes at a time while it lasts.
            if (end - i >= 8 && ((long) EIGHT_BYTES.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xff;
            int size;
            int min = 0x80; // the second byte's range, narrowed below for the lead bytes that need it
            int max = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                size = 2;
            } else if (b >= 0xe0 && b <= 0xef) {
                size = 3;
                if (b == 0xe0) min = 0xa0; // overlong below U+0800
                if (b == 0xed) max = 0x9f; // surrogates U+D800..DFFF
            } else if (b >= 0xf0 && b <= 0xf4) {
                size = 4;
                if (b == 0xf0) min = 0x90; // overlong below U+10000
                if (b == 0xf4) max = 0x8f; // above U+10FFFF
            } else {
                return false; // a continuation byte first, C0/C1 (always overlong), or F5..FF
            }
            if (end - i < size) return false;
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) return false;
            for (int k = 2; k < size; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) return false;
            }
            i += size;
        }
        return true;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
