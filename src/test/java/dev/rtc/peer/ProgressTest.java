package dev.rtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress bar, drawn into a StringWriter by a clock the test moves. */
class ProgressTest {
    private static final long MS = 1_000_000L;

    private final StringWriter drawn = new StringWriter();
    private final AtomicLong now = new AtomicLong(123_456_789L * MS); // nanoTime's origin is arbitrary

    private Progress progress(boolean shown) {
        return new Progress(new PrintWriter(drawn), shown, now::get);
    }

    @Test
    void aTransferIsOneLineRedrawnInPlaceAndEndedWithANewline() {
        Progress p = progress(true);
        p.start("big.iso");
        now.addAndGet(500 * MS);
        p.update(1 << 20, 4 << 20);
        now.addAndGet(1500 * MS);
        p.done(4 << 20);

        assertEquals("\rbig.iso [#######                       ]  25% 1.0 MiB 2.0 MiB/s"
                + "\rbig.iso [##############################] 100% 4.0 MiB 2.0 MiB/s\n", drawn.toString());
    }

    @Test
    void itRedrawsAtMostTenTimesASecond() {
        Progress p = progress(true);
        p.start("f");
        for (int ms = 0; ms < 1000; ms++) { // an update each millisecond for one second
            p.update(ms, 1000);
            now.addAndGet(MS);
        }
        assertEquals(10, count('\r'), drawn.toString());
        assertEquals(0, count('\n'));
    }

    @Test
    void aShorterLineBlanksWhatTheLongerOneLeft() {
        Progress p = progress(true);
        p.start("f");
        now.addAndGet(1000 * MS);
        p.update(2000, 1 << 20); // 2.0 KiB/s
        now.addAndGet(1000 * MS);
        p.update(2047, 1 << 20); // 1023 B/s: a character shorter than 2.0 KiB/s
        String[] lines = drawn.toString().split("\r");
        assertEquals(3, lines.length, drawn.toString());
        assertEquals(lines[1].length(), lines[2].length(), "padded to the previous length: " + drawn);
        assertTrue(lines[2].endsWith("1023 B/s "), lines[2]);
    }

    @Test
    void aTransferThatFailsEndsTheLineForTheMessageThatFollows() {
        Progress p = progress(true);
        p.start("f");
        p.update(10, 100);
        p.end();
        p.end(); // once only
        assertTrue(drawn.toString().startsWith("\rf ["), drawn.toString());
        assertTrue(drawn.toString().endsWith("10 B 9.8 KiB/s\n"), drawn.toString());
        assertEquals(1, count('\n'));
    }

    @Test
    void nothingIsDrawnWhenStderrIsNotATerminal() {
        Progress p = progress(false);
        p.start("f");
        p.update(10, 100);
        now.addAndGet(1000 * MS);
        p.update(50, 100);
        p.done(100);
        p.end();
        assertEquals("", drawn.toString());
    }

    @Test
    void anEmptyFileIsAFullBar() {
        Progress p = progress(true);
        p.start("empty");
        p.done(0);
        assertEquals("\rempty [##############################] 100% 0 B 0 B/s\n", drawn.toString());
    }

    private long count(char c) {
        return drawn.toString().chars().filter(x -> x == c).count();
    }
}
