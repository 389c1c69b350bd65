package dev.rtc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1}ms")
    @CsvSource({
        "250ms, 250",
        "5s, 5000",
        "2m, 120000",
        "1h, 3600000",
        "1.5, 1500",
        "7, 7000",
        "0, 0",
        "' 5s ', 5000",
        "0.25s, 250",
        "0.0001h, 360",
        "012s, 12000",
        "1.000s, 1000",
        "8784h, 31622400000",
    })
    void parsesTheUnitsUsersWrite(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "soon", "5 s", "-1s", "1d", "5S", "ms", "1.5.2"})
    void rejectsAnythingElseWithAMessageGivingExamples(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> Durations.parse(text));

        assertEquals("'" + text + "' is not a duration (examples: 250ms, 5s, 2m, 1h, or a number of seconds)",
                e.getMessage());
    }

    @Test
    void rejectsFractionsOfAMillisecond() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> Durations.parse("1.5ms"));

        assertEquals("'1.5ms' is not a whole number of milliseconds", e.getMessage());
        assertThrows(TypeConversionException.class, () -> Durations.parse("1.00000000000000000001s"));
        assertThrows(TypeConversionException.class, () -> Durations.parse("0.00000001h"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "''{0}'' is too long")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"367d", "8785h", "8784.1h", "527041m", "9999999999999999999999h", "99999999999999999999"})
    void refusesDurationsTooLongInsteadOfWrappingAround(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> Durations.parse(text));

        assertEquals(text.endsWith("d") ? "'367d' is not a duration (examples: 250ms, 5s, 2m, 1h, or a number of seconds)"
                : "'" + text + "' is too long (at most " + Durations.format(Durations.MAX) + ")", e.getMessage());
    }

    @Test
    void formatsInTheLargestWholeUnit() {
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("15s", Durations.format(Duration.ofSeconds(15)));
        assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
        assertEquals("1h", Durations.format(Duration.ofHours(1)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }
}
