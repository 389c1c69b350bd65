package dev.rtc.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamReaderTest {

    @Test
    void findsTheFirstNewlineInTheRangeWhereverItFallsInAWord() {
        // Bytes next to '\n' in value (0x09, 0x0b, 0x8a, 0x0a ^ 0x80) and ones that borrow (0x00, 0x01, 0xff).
        byte[] others = {0x00, 0x01, 0x09, 0x0b, (byte) 0x8a, (byte) 0xff, 'a', '\r'};
        Random random = new Random(7);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(8) == 0 ? (byte) '\n' : others[random.nextInt(others.length)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = -1;
            for (int i = from; i < to && expected == -1; i++) {
                if (bytes[i] == '\n') expected = i;
            }
            assertEquals(expected, StreamReader.indexOfNewline(bytes, from, to));
        }
    }
}
