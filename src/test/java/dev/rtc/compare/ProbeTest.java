package dev.rtc.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtc.output.Payloads;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void textProbeIsPaddedToItsSizeAndReadsBack() {
        byte[] b = new Probe(42, -1234567890123L).encode(64, false);
        assertEquals(64, b.length);
        assertTrue(new String(b, StandardCharsets.UTF_8).startsWith("42 -1234567890123 xxx"));
        assertEquals(new Probe(42, -1234567890123L), Probe.decode(b));
    }

    @Test
    void binaryProbeIsNeitherUtf8NorLines() {
        byte[] b = new Probe(7, 99).encode(300, true);
        assertEquals(300, b.length);
        assertFalse(Payloads.isUtf8(b, 0, b.length));
        for (byte x : b) assertTrue(x != '\n' && x != '\r');
        assertEquals(new Probe(7, 99), Probe.decode(b));
    }

    @Test
    void aSizeBelowTheHeaderGivesTheHeaderAlone() {
        assertEquals("1 5 ", new String(new Probe(1, 5).encode(0, false), StandardCharsets.US_ASCII));
    }

    @Test
    void otherMessagesAreNoProbe() {
        assertNull(Probe.decode("rtc compare warm-up".getBytes(StandardCharsets.UTF_8)));
        assertNull(Probe.decode("12 ".getBytes(StandardCharsets.UTF_8)));
        assertNull(Probe.decode(new byte[0]));
    }
}
