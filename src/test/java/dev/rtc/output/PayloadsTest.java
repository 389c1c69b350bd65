package dev.rtc.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Payloads#isUtf8} must say yes exactly when the JDK's decoder (behind {@link Payloads#utf8OrNull}) does. */
class PayloadsTest {

    private static void agreesWithTheDecoder(byte[] bytes) {
        assertEquals(Payloads.utf8OrNull(bytes) != null, Payloads.isUtf8(bytes, 0, bytes.length),
                () -> HexFormat.of().formatHex(bytes));
    }

    @Test
    void agreesWithTheDecoderOnEverySequenceOfOneAndTwoBytes() {
        for (int a = 0; a < 256; a++) {
            agreesWithTheDecoder(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                agreesWithTheDecoder(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void agreesWithTheDecoderOnThreeByteLeadsAroundEveryContinuationByte() {
        // 0x70..0xcf: every continuation byte (0x80..0xbf) and some bytes either side.
        for (int a = 0xe0; a <= 0xef; a++) {
            for (int b = 0x70; b <= 0xcf; b++) {
                for (int c = 0x70; c <= 0xcf; c++) {
                    agreesWithTheDecoder(new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
    }

    @Test
    void agreesWithTheDecoderOnFourByteLeadsAndOnRandomBytes() {
        Random random = new Random(42);
        for (int a = 0xf0; a <= 0xff; a++) {
            for (int b = 0x70; b <= 0xcf; b++) {
                for (int i = 0; i < 50; i++) {
                    agreesWithTheDecoder(new byte[] {(byte) a, (byte) b, (byte) (0x70 + random.nextInt(0x60)),
                        (byte) (0x70 + random.nextInt(0x60))});
                }
            }
        }
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            random.nextBytes(bytes);
            for (int k = 0; k < bytes.length; k++) {
                if (random.nextBoolean()) bytes[k] &= 0x7f; // mostly-text lines, where the interesting cases hide
            }
            agreesWithTheDecoder(bytes);
        }
    }

    @Test
    void looksOnlyAtTheSliceItIsGiven() {
        byte[] bytes = "[wörld]".getBytes(StandardCharsets.UTF_8);

        assertTrue(Payloads.isUtf8(bytes, 1, bytes.length - 2));
        assertFalse(Payloads.isUtf8(bytes, 1, 2)); // "w" and the first byte of "ö"
        assertFalse(Payloads.isUtf8(bytes, 3, 2)); // the second byte of "ö" and "r"
        assertTrue(Payloads.isUtf8(bytes, 3, 0));
        assertEquals("wörld", Payloads.utf8OrNull(bytes, 1, bytes.length - 2));
    }
}
